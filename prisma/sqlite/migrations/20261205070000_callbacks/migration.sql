-- CreateTable
CREATE TABLE "CallbackAttempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reference" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "agentId" TEXT NOT NULL,
    "agentName" TEXT NOT NULL,
    "agentCallSid" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "outcome" TEXT,
    "confirmedAt" DATETIME,
    "endedAt" DATETIME
);

-- CreateTable
CREATE TABLE "CallbackSkip" (
    "reference" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "until" DATETIME NOT NULL,

    PRIMARY KEY ("reference", "agentId")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Ticket" (
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
    "assignedAgentId" TEXT,
    "queueName" TEXT NOT NULL DEFAULT 'general',
    "queueJoinedAt" DATETIME,
    "availableAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastAttemptAt" DATETIME,
    "claimedBy" TEXT,
    "claimedUntil" DATETIME,
    "calledBackAt" DATETIME,
    "calledBackBy" TEXT,
    "calledBackByName" TEXT,
    "unreachableAt" DATETIME,
    "resolvedAt" DATETIME,
    "dueAt" DATETIME NOT NULL,
    "escalatedTo" TEXT,
    "escalatedFrom" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Ticket" ("amount", "assignedAgentId", "callSid", "callbackNumber", "calledBackAt", "callerNumber", "category", "complaintCategory", "createdAt", "dueAt", "flagReason", "flagged", "language", "mobileNumber", "orderNumber", "origin", "reference", "resolvedAt", "status", "transactionNumber", "updatedAt") SELECT "amount", "assignedAgentId", "callSid", "callbackNumber", "calledBackAt", "callerNumber", "category", "complaintCategory", "createdAt", "dueAt", "flagReason", "flagged", "language", "mobileNumber", "orderNumber", "origin", "reference", "resolvedAt", "status", "transactionNumber", "updatedAt" FROM "Ticket";
DROP TABLE "Ticket";
ALTER TABLE "new_Ticket" RENAME TO "Ticket";
CREATE INDEX "Ticket_status_dueAt_idx" ON "Ticket"("status", "dueAt");
CREATE INDEX "Ticket_status_queueName_availableAt_idx" ON "Ticket"("status", "queueName", "availableAt");
CREATE INDEX "Ticket_category_createdAt_idx" ON "Ticket"("category", "createdAt");
CREATE INDEX "Ticket_mobileNumber_createdAt_idx" ON "Ticket"("mobileNumber", "createdAt");
CREATE INDEX "Ticket_callerNumber_createdAt_idx" ON "Ticket"("callerNumber", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "CallbackAttempt_agentCallSid_idx" ON "CallbackAttempt"("agentCallSid");

-- CreateIndex
CREATE UNIQUE INDEX "CallbackAttempt_reference_attempt_key" ON "CallbackAttempt"("reference", "attempt");

