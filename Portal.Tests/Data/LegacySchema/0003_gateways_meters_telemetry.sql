-- Gateways, their buses and meters; interval energy and live values from the edge (issue 3).

CREATE TABLE "Gateways" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Gateways" PRIMARY KEY,
    "SiteId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Serial" TEXT NOT NULL,
    "MqttUsername" TEXT NOT NULL,
    "IsOnline" INTEGER NOT NULL,
    "LastSeenUtc" TEXT NULL,
    "OutboxBacklog" INTEGER NULL,
    "ConfigVersion" INTEGER NOT NULL,
    "AckedConfigVersion" INTEGER NULL,
    "ConfigOutcome" TEXT NULL,
    "ConfigRejectReason" TEXT NULL,
    "ConfigAckUtc" TEXT NULL,
    CONSTRAINT "FK_Gateways_Sites_SiteId" FOREIGN KEY ("SiteId") REFERENCES "Sites" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_Gateways_MqttUsername" ON "Gateways" ("MqttUsername");

CREATE INDEX "IX_Gateways_SiteId" ON "Gateways" ("SiteId");

CREATE TABLE "Buses" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Buses" PRIMARY KEY,
    "GatewayId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Host" TEXT NULL,
    "Port" INTEGER NULL,
    "Device" TEXT NULL,
    "Baud" INTEGER NOT NULL,
    "Parity" TEXT NOT NULL,
    "StopBits" INTEGER NOT NULL,
    CONSTRAINT "FK_Buses_Gateways_GatewayId" FOREIGN KEY ("GatewayId") REFERENCES "Gateways" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_Buses_GatewayId" ON "Buses" ("GatewayId");

CREATE TABLE "Meters" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Meters" PRIMARY KEY,
    "SiteId" TEXT NOT NULL,
    "BusId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Model" TEXT NOT NULL,
    "UnitId" INTEGER NOT NULL,
    "Role" TEXT NOT NULL,
    "CtRatio" INTEGER NULL,
    "Serial" TEXT NOT NULL,
    "BillingPointId" TEXT NULL,
    CONSTRAINT "FK_Meters_BillingPoints_BillingPointId" FOREIGN KEY ("BillingPointId") REFERENCES "BillingPoints" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_Meters_Buses_BusId" FOREIGN KEY ("BusId") REFERENCES "Buses" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Meters_Sites_SiteId" FOREIGN KEY ("SiteId") REFERENCES "Sites" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_Meters_BillingPointId" ON "Meters" ("BillingPointId");

CREATE UNIQUE INDEX "IX_Meters_BusId_UnitId" ON "Meters" ("BusId", "UnitId");

CREATE INDEX "IX_Meters_SiteId" ON "Meters" ("SiteId");

CREATE TABLE "MeterIntervals" (
    "MeterId" TEXT NOT NULL,
    "StartUtc" TEXT NOT NULL,
    "EndUtc" TEXT NOT NULL,
    "ImportWh" INTEGER NOT NULL,
    "ExportWh" INTEGER NOT NULL,
    "CounterWentBackwards" INTEGER NOT NULL,
    "GatewayId" TEXT NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "ReceivedUtc" TEXT NOT NULL,
    CONSTRAINT "PK_MeterIntervals" PRIMARY KEY ("MeterId", "StartUtc"),
    CONSTRAINT "FK_MeterIntervals_Meters_MeterId" FOREIGN KEY ("MeterId") REFERENCES "Meters" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "MeterLiveReadings" (
    "MeterId" TEXT NOT NULL CONSTRAINT "PK_MeterLiveReadings" PRIMARY KEY,
    "MeasuredUtc" TEXT NOT NULL,
    "ReceivedUtc" TEXT NOT NULL,
    "ActivePowerW" TEXT NOT NULL,
    "ImportRegisterWh" INTEGER NOT NULL,
    "ExportRegisterWh" INTEGER NOT NULL,
    "VoltageL1" TEXT NULL,
    "VoltageL2" TEXT NULL,
    "VoltageL3" TEXT NULL,
    "CurrentL1" TEXT NULL,
    "CurrentL2" TEXT NULL,
    "CurrentL3" TEXT NULL,
    "PowerL1" TEXT NULL,
    "PowerL2" TEXT NULL,
    "PowerL3" TEXT NULL,
    "FrequencyHz" TEXT NULL,
    CONSTRAINT "FK_MeterLiveReadings_Meters_MeterId" FOREIGN KEY ("MeterId") REFERENCES "Meters" ("Id") ON DELETE CASCADE
);
