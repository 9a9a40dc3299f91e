-- CreateTable
CREATE TABLE "Call" (
    "callSid" TEXT NOT NULL,
    "fromNumber" TEXT NOT NULL,
    "toNumber" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'zh-CN',
    "branch" TEXT,
    "state" TEXT NOT NULL,
    "step" INTEGER NOT NULL DEFAULT 0,
    "queueStep" INTEGER,
    "snapshot" TEXT NOT NULL,
    "twilioStatus" TEXT NOT NULL DEFAULT 'in-progress',
    "outcome" TEXT,
    "queueName" TEXT,
    "enqueuedAt" TIMESTAMP(3),
    "queueLeftAt" TIMESTAMP(3),
    "queueWaitSeconds" INTEGER,
    "queueResult" TEXT,
    "ticketReference" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "durationSeconds" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Call_pkey" PRIMARY KEY ("callSid")
);

-- CreateTable
CREATE TABLE "CallEvent" (
    "id" SERIAL NOT NULL,
    "callSid" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT NOT NULL,
    "digits" TEXT,
    "purpose" TEXT,
    "meaning" TEXT,
    "detail" TEXT,

    CONSTRAINT "CallEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Ticket" (
    "reference" TEXT NOT NULL,
    "callSid" TEXT,
    "category" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "language" TEXT NOT NULL,
    "callerNumber" TEXT NOT NULL,
    "callbackNumber" TEXT,
    "mobileNumber" TEXT,
    "orderNumber" TEXT,
    "amount" TEXT,
    "complaintCategory" TEXT,
    "transactionNumber" TEXT,
    "flagged" BOOLEAN NOT NULL DEFAULT false,
    "flagReason" TEXT,
    "origin" TEXT,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Ticket_pkey" PRIMARY KEY ("reference")
);

-- CreateTable
CREATE TABLE "OutageNotice" (
    "id" SERIAL NOT NULL,
    "messageZh" TEXT NOT NULL,
    "messageEn" TEXT NOT NULL,
    "shortZh" TEXT NOT NULL,
    "shortEn" TEXT NOT NULL,
    "branches" TEXT NOT NULL DEFAULT 'all',
    "expectedRecoveryAt" TIMESTAMP(3),
    "startsAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endsAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutageNotice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarDay" (
    "date" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalendarDay_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "HotlineSetting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "HotlineSetting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Call_startedAt_idx" ON "Call"("startedAt");

-- CreateIndex
CREATE INDEX "Call_fromNumber_startedAt_idx" ON "Call"("fromNumber", "startedAt");

-- CreateIndex
CREATE INDEX "Call_queueName_queueLeftAt_idx" ON "Call"("queueName", "queueLeftAt");

-- CreateIndex
CREATE INDEX "Call_branch_startedAt_idx" ON "Call"("branch", "startedAt");

-- CreateIndex
CREATE INDEX "CallEvent_at_idx" ON "CallEvent"("at");

-- CreateIndex
CREATE UNIQUE INDEX "CallEvent_callSid_step_key" ON "CallEvent"("callSid", "step");

-- CreateIndex
CREATE INDEX "Ticket_status_dueAt_idx" ON "Ticket"("status", "dueAt");

-- CreateIndex
CREATE INDEX "Ticket_category_createdAt_idx" ON "Ticket"("category", "createdAt");

-- CreateIndex
CREATE INDEX "Ticket_mobileNumber_createdAt_idx" ON "Ticket"("mobileNumber", "createdAt");

-- CreateIndex
CREATE INDEX "Ticket_callerNumber_createdAt_idx" ON "Ticket"("callerNumber", "createdAt");

-- CreateIndex
CREATE INDEX "OutageNotice_startsAt_endsAt_idx" ON "OutageNotice"("startsAt", "endsAt");

-- AddForeignKey
ALTER TABLE "CallEvent" ADD CONSTRAINT "CallEvent_callSid_fkey" FOREIGN KEY ("callSid") REFERENCES "Call"("callSid") ON DELETE CASCADE ON UPDATE CASCADE;

