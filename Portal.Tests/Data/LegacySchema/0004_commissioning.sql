-- Commissioning (issue 4): site type and wizard progress, router, grid connections, gateway kind,
-- converter building, introduction meters per connection, PV installations and batteries.
ALTER TABLE "Sites" ADD COLUMN "Type" TEXT NOT NULL DEFAULT 'StandardRcp';
ALTER TABLE "Sites" ADD COLUMN "RouterKind" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Sites" ADD COLUMN "RouterSerial" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Sites" ADD COLUMN "WizardStep" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Sites" ADD COLUMN "CommissionedUtc" TEXT NULL;

CREATE TABLE "GridConnections" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_GridConnections" PRIMARY KEY,
    "SiteId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "MainFuseA" INTEGER NOT NULL,
    "DsoMeterNumber" TEXT NOT NULL,
    CONSTRAINT "FK_GridConnections_Sites_SiteId" FOREIGN KEY ("SiteId") REFERENCES "Sites" ("Id") ON DELETE CASCADE
);
CREATE INDEX "IX_GridConnections_SiteId" ON "GridConnections" ("SiteId");

ALTER TABLE "Gateways" ADD COLUMN "Kind" TEXT NOT NULL DEFAULT 'Local';
ALTER TABLE "Buses" ADD COLUMN "Building" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Meters" ADD COLUMN "GridConnectionId" TEXT NULL CONSTRAINT "FK_Meters_GridConnections_GridConnectionId" REFERENCES "GridConnections" ("Id") ON DELETE SET NULL;
CREATE INDEX "IX_Meters_GridConnectionId" ON "Meters" ("GridConnectionId");

CREATE TABLE "PvInstallations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_PvInstallations" PRIMARY KEY,
    "SiteId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "PeakKw" TEXT NOT NULL,
    "Inverter" TEXT NOT NULL,
    "MeterId" TEXT NULL,
    CONSTRAINT "FK_PvInstallations_Meters_MeterId" FOREIGN KEY ("MeterId") REFERENCES "Meters" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_PvInstallations_Sites_SiteId" FOREIGN KEY ("SiteId") REFERENCES "Sites" ("Id") ON DELETE CASCADE
);
CREATE INDEX "IX_PvInstallations_MeterId" ON "PvInstallations" ("MeterId");
CREATE INDEX "IX_PvInstallations_SiteId" ON "PvInstallations" ("SiteId");

CREATE TABLE "Batteries" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Batteries" PRIMARY KEY,
    "SiteId" TEXT NOT NULL,
    "CapacityKwh" TEXT NOT NULL,
    "PowerKw" TEXT NOT NULL,
    "MeterId" TEXT NULL,
    CONSTRAINT "FK_Batteries_Meters_MeterId" FOREIGN KEY ("MeterId") REFERENCES "Meters" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_Batteries_Sites_SiteId" FOREIGN KEY ("SiteId") REFERENCES "Sites" ("Id") ON DELETE CASCADE
);
CREATE INDEX "IX_Batteries_MeterId" ON "Batteries" ("MeterId");
CREATE INDEX "IX_Batteries_SiteId" ON "Batteries" ("SiteId");
