-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "degraded" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ReferenceBlock" (
    "id" SERIAL NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReferenceBlock_pkey" PRIMARY KEY ("id")
);

