-- CreateTable
CREATE TABLE "Agent" (
    "agentId" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'zh-CN',
    "queues" TEXT NOT NULL,
    "supervisor" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "pinHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AgentLoginAttempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "agentId" TEXT NOT NULL,
    "callSid" TEXT NOT NULL,
    "succeeded" BOOLEAN NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AgentLeg" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "callerCallSid" TEXT NOT NULL,
    "agentCallSid" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "agentName" TEXT NOT NULL,
    "queueName" TEXT NOT NULL,
    "whisperedAt" DATETIME,
    "connectedAt" DATETIME,
    "endedAt" DATETIME,
    "decision" TEXT,
    "transferReason" TEXT
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Call" (
    "callSid" TEXT NOT NULL PRIMARY KEY,
    "role" TEXT NOT NULL DEFAULT 'caller',
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
    "agentId" TEXT,
    "agentName" TEXT,
    "agentCallSid" TEXT,
    "answeredAt" DATETIME,
    "csatScore" INTEGER,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME,
    "durationSeconds" INTEGER,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Call" ("branch", "callSid", "durationSeconds", "endedAt", "enqueuedAt", "fromNumber", "language", "outcome", "queueLeftAt", "queueName", "queueResult", "queueStep", "queueWaitSeconds", "snapshot", "startedAt", "state", "step", "ticketReference", "toNumber", "twilioStatus", "updatedAt") SELECT "branch", "callSid", "durationSeconds", "endedAt", "enqueuedAt", "fromNumber", "language", "outcome", "queueLeftAt", "queueName", "queueResult", "queueStep", "queueWaitSeconds", "snapshot", "startedAt", "state", "step", "ticketReference", "toNumber", "twilioStatus", "updatedAt" FROM "Call";
DROP TABLE "Call";
ALTER TABLE "new_Call" RENAME TO "Call";
CREATE INDEX "Call_startedAt_idx" ON "Call"("startedAt");
CREATE INDEX "Call_fromNumber_startedAt_idx" ON "Call"("fromNumber", "startedAt");
CREATE INDEX "Call_queueName_queueLeftAt_idx" ON "Call"("queueName", "queueLeftAt");
CREATE INDEX "Call_branch_startedAt_idx" ON "Call"("branch", "startedAt");
CREATE INDEX "Call_role_state_queueName_enqueuedAt_idx" ON "Call"("role", "state", "queueName", "enqueuedAt");
CREATE INDEX "Call_agentId_answeredAt_idx" ON "Call"("agentId", "answeredAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

