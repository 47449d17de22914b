-- Sites owned by owners, and billing points linked to residents (issue 2).
CREATE TABLE "Sites" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Sites" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Address" TEXT NOT NULL,
    "TimeZone" TEXT NOT NULL,
    "OwnerId" TEXT NULL,
    "CreatedUtc" TEXT NOT NULL,
    CONSTRAINT "FK_Sites_Users_OwnerId" FOREIGN KEY ("OwnerId") REFERENCES "Users" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_Sites_OwnerId" ON "Sites" ("OwnerId");

CREATE TABLE "BillingPoints" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_BillingPoints" PRIMARY KEY,
    "SiteId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "ResidentId" TEXT NULL,
    CONSTRAINT "FK_BillingPoints_Sites_SiteId" FOREIGN KEY ("SiteId") REFERENCES "Sites" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_BillingPoints_Users_ResidentId" FOREIGN KEY ("ResidentId") REFERENCES "Users" ("Id") ON DELETE SET NULL
);

CREATE INDEX "IX_BillingPoints_SiteId" ON "BillingPoints" ("SiteId");
CREATE INDEX "IX_BillingPoints_ResidentId" ON "BillingPoints" ("ResidentId");
