-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "availableAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "calledBackBy" TEXT,
ADD COLUMN     "calledBackByName" TEXT,
ADD COLUMN     "claimedBy" TEXT,
ADD COLUMN     "claimedUntil" TIMESTAMP(3),
ADD COLUMN     "escalatedFrom" TEXT,
ADD COLUMN     "escalatedTo" TEXT,
ADD COLUMN     "lastAttemptAt" TIMESTAMP(3),
ADD COLUMN     "queueJoinedAt" TIMESTAMP(3),
ADD COLUMN     "queueName" TEXT NOT NULL DEFAULT 'general',
ADD COLUMN     "unreachableAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CallbackAttempt" (
    "id" SERIAL NOT NULL,
    "reference" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "agentId" TEXT NOT NULL,
    "agentName" TEXT NOT NULL,
    "agentCallSid" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT,
    "confirmedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "CallbackAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallbackSkip" (
    "reference" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallbackSkip_pkey" PRIMARY KEY ("reference","agentId")
);

-- CreateIndex
CREATE INDEX "CallbackAttempt_agentCallSid_idx" ON "CallbackAttempt"("agentCallSid");

-- CreateIndex
CREATE UNIQUE INDEX "CallbackAttempt_reference_attempt_key" ON "CallbackAttempt"("reference", "attempt");

-- CreateIndex
CREATE INDEX "Ticket_status_queueName_availableAt_idx" ON "Ticket"("status", "queueName", "availableAt");

