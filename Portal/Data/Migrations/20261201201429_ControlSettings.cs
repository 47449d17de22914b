using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class ControlSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Chargers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    GatewayId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OcppId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ConnectorId = table.Column<int>(type: "INTEGER", nullable: false),
                    PhaseMapping = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MinCurrentA = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxCurrentA = table.Column<int>(type: "INTEGER", nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    ChargeNowUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Chargers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Chargers_Gateways_GatewayId",
                        column: x => x.GatewayId,
                        principalTable: "Gateways",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ControlDecisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GatewayId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    ActionIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TargetId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    On = table.Column<bool>(type: "INTEGER", nullable: true),
                    LimitA = table.Column<decimal>(type: "TEXT", nullable: true),
                    Phases = table.Column<int>(type: "INTEGER", nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ControlDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ControlDecisions_Gateways_GatewayId",
                        column: x => x.GatewayId,
                        principalTable: "Gateways",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ControlStates",
                columns: table => new
                {
                    GatewayId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Json = table.Column<string>(type: "TEXT", maxLength: 262144, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReceivedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ControlStates", x => x.GatewayId);
                    table.ForeignKey(
                        name: "FK_ControlStates_Gateways_GatewayId",
                        column: x => x.GatewayId,
                        principalTable: "Gateways",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GatewayControlSettings",
                columns: table => new
                {
                    GatewayId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SitePhases = table.Column<int>(type: "INTEGER", nullable: false),
                    EvZoneEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    ZoneMaxPowerW = table.Column<int>(type: "INTEGER", nullable: false),
                    ZoneMinPowerW = table.Column<int>(type: "INTEGER", nullable: false),
                    ZonePhases = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    LoadManagementEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    MainLimitA = table.Column<int>(type: "INTEGER", nullable: false),
                    MarginA = table.Column<int>(type: "INTEGER", nullable: false),
                    RippleEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    RippleModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RippleReducedInput = table.Column<int>(type: "INTEGER", nullable: true),
                    RippleLockedInput = table.Column<int>(type: "INTEGER", nullable: true),
                    RippleReducedLimitW = table.Column<int>(type: "INTEGER", nullable: true),
                    RippleReducedLimitA = table.Column<int>(type: "INTEGER", nullable: true),
                    PeakGuardEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    PeakTargetsW = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OverridesVersion = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedOverrides = table.Column<string>(type: "TEXT", maxLength: 262144, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayControlSettings", x => x.GatewayId);
                    table.ForeignKey(
                        name: "FK_GatewayControlSettings_Gateways_GatewayId",
                        column: x => x.GatewayId,
                        principalTable: "Gateways",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RelayModules",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    GatewayId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    BusId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RelayModules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RelayModules_Buses_BusId",
                        column: x => x.BusId,
                        principalTable: "Buses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RelayModules_Gateways_GatewayId",
                        column: x => x.GatewayId,
                        principalTable: "Gateways",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Relays",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    GatewayId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Coil = table.Column<int>(type: "INTEGER", nullable: false),
                    Appliance = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NominalPowerW = table.Column<int>(type: "INTEGER", nullable: false),
                    Mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    Phases = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MinOnSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    MinOffSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    Windows = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ThresholdOnBelowWh = table.Column<int>(type: "INTEGER", nullable: true),
                    ThresholdOffAboveWh = table.Column<int>(type: "INTEGER", nullable: true),
                    ThresholdIntervalSeconds = table.Column<int>(type: "INTEGER", nullable: true),
                    StepGroup = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    StepIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    ManualOn = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Relays", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Relays_Gateways_GatewayId",
                        column: x => x.GatewayId,
                        principalTable: "Gateways",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Relays_RelayModules_ModuleId",
                        column: x => x.ModuleId,
                        principalTable: "RelayModules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Chargers_GatewayId_OcppId",
                table: "Chargers",
                columns: new[] { "GatewayId", "OcppId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ControlDecisions_GatewayId_AtUtc",
                table: "ControlDecisions",
                columns: new[] { "GatewayId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ControlDecisions_GatewayId_Sequence_ActionIndex",
                table: "ControlDecisions",
                columns: new[] { "GatewayId", "Sequence", "ActionIndex" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RelayModules_BusId_UnitId",
                table: "RelayModules",
                columns: new[] { "BusId", "UnitId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RelayModules_GatewayId",
                table: "RelayModules",
                column: "GatewayId");

            migrationBuilder.CreateIndex(
                name: "IX_Relays_GatewayId",
                table: "Relays",
                column: "GatewayId");

            migrationBuilder.CreateIndex(
                name: "IX_Relays_ModuleId_Coil",
                table: "Relays",
                columns: new[] { "ModuleId", "Coil" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Chargers");

            migrationBuilder.DropTable(
                name: "ControlDecisions");

            migrationBuilder.DropTable(
                name: "ControlStates");

            migrationBuilder.DropTable(
                name: "GatewayControlSettings");

            migrationBuilder.DropTable(
                name: "Relays");

            migrationBuilder.DropTable(
                name: "RelayModules");
        }
    }
}
