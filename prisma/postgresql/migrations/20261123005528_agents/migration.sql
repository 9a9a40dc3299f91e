-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "agentCallSid" TEXT,
ADD COLUMN     "agentId" TEXT,
ADD COLUMN     "agentName" TEXT,
ADD COLUMN     "answeredAt" TIMESTAMP(3),
ADD COLUMN     "csatScore" INTEGER,
ADD COLUMN     "role" TEXT NOT NULL DEFAULT 'caller';

-- CreateTable
CREATE TABLE "Agent" (
    "agentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'zh-CN',
    "queues" TEXT NOT NULL,
    "supervisor" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "pinHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Agent_pkey" PRIMARY KEY ("agentId")
);

-- CreateTable
CREATE TABLE "AgentLoginAttempt" (
    "id" SERIAL NOT NULL,
    "agentId" TEXT NOT NULL,
    "callSid" TEXT NOT NULL,
    "succeeded" BOOLEAN NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgentLoginAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentLeg" (
    "id" SERIAL NOT NULL,
    "callerCallSid" TEXT NOT NULL,
    "agentCallSid" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "agentName" TEXT NOT NULL,
    "queueName" TEXT NOT NULL,
    "whisperedAt" TIMESTAMP(3),
    "connectedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "decision" TEXT,
    "transferReason" TEXT,

    CONSTRAINT "AgentLeg_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AgentLoginAttempt_agentId_at_idx" ON "AgentLoginAttempt"("agentId", "at");

-- CreateIndex
CREATE INDEX "AgentLoginAttempt_callSid_idx" ON "AgentLoginAttempt"("callSid");

-- CreateIndex
CREATE INDEX "AgentLeg_agentCallSid_idx" ON "AgentLeg"("agentCallSid");

-- CreateIndex
CREATE INDEX "AgentLeg_agentId_connectedAt_idx" ON "AgentLeg"("agentId", "connectedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AgentLeg_callerCallSid_agentCallSid_key" ON "AgentLeg"("callerCallSid", "agentCallSid");

-- CreateIndex
CREATE INDEX "Call_role_state_queueName_enqueuedAt_idx" ON "Call"("role", "state", "queueName", "enqueuedAt");

-- CreateIndex
CREATE INDEX "Call_agentId_answeredAt_idx" ON "Call"("agentId", "answeredAt");

