-- AlterTable (SQLite adds a column with a constant default in place; no table rebuild needed)
ALTER TABLE "Call" ADD COLUMN "degraded" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ReferenceBlock" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "claimedBy" TEXT NOT NULL,
    "claimedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
