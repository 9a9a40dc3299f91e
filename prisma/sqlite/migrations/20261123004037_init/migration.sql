-- CreateTable
CREATE TABLE "Call" (
    "callSid" TEXT NOT NULL PRIMARY KEY,
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
    "enqueuedAt" DATETIME,
    "queueLeftAt" DATETIME,
    "queueWaitSeconds" INTEGER,
    "queueResult" TEXT,
    "ticketReference" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME,
    "durationSeconds" INTEGER,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CallEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "callSid" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT NOT NULL,
    "digits" TEXT,
    "purpose" TEXT,
    "meaning" TEXT,
    "detail" TEXT,
    CONSTRAINT "CallEvent_callSid_fkey" FOREIGN KEY ("callSid") REFERENCES "Call" ("callSid") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Ticket" (
    "reference" TEXT NOT NULL PRIMARY KEY,
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
    "dueAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OutageNotice" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "messageZh" TEXT NOT NULL,
    "messageEn" TEXT NOT NULL,
    "shortZh" TEXT NOT NULL,
    "shortEn" TEXT NOT NULL,
    "branches" TEXT NOT NULL DEFAULT 'all',
    "expectedRecoveryAt" DATETIME,
    "startsAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endsAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CalendarDay" (
    "date" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "HotlineSetting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT
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
