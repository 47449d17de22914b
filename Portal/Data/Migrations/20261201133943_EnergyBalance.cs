using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class EnergyBalance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EnergyRecalculations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SiteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    ToUtc = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EnergyRecalculations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EnergyRecalculations_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MeterEnergy",
                columns: table => new
                {
                    MeterId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Resolution = table.Column<int>(type: "INTEGER", nullable: false),
                    StartUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    SiteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsumedWh = table.Column<long>(type: "INTEGER", nullable: false),
                    SolarWh = table.Column<long>(type: "INTEGER", nullable: false),
                    EstimatedQuarterHours = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeterEnergy", x => new { x.MeterId, x.Resolution, x.StartUtc });
                    table.ForeignKey(
                        name: "FK_MeterEnergy_Meters_MeterId",
                        column: x => x.MeterId,
                        principalTable: "Meters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SiteEnergy",
                columns: table => new
                {
                    SiteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Resolution = table.Column<int>(type: "INTEGER", nullable: false),
                    StartUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    QuarterHours = table.Column<int>(type: "INTEGER", nullable: false),
                    ProductionWh = table.Column<long>(type: "INTEGER", nullable: false),
                    GridImportWh = table.Column<long>(type: "INTEGER", nullable: false),
                    GridExportWh = table.Column<long>(type: "INTEGER", nullable: false),
                    BatteryChargeWh = table.Column<long>(type: "INTEGER", nullable: false),
                    BatteryDischargeWh = table.Column<long>(type: "INTEGER", nullable: false),
                    PvToLoadWh = table.Column<long>(type: "INTEGER", nullable: false),
                    PvToBatteryWh = table.Column<long>(type: "INTEGER", nullable: false),
                    PvToGridWh = table.Column<long>(type: "INTEGER", nullable: false),
                    GridToLoadWh = table.Column<long>(type: "INTEGER", nullable: false),
                    GridToBatteryWh = table.Column<long>(type: "INTEGER", nullable: false),
                    BatteryToLoadWh = table.Column<long>(type: "INTEGER", nullable: false),
                    BatteryToGridWh = table.Column<long>(type: "INTEGER", nullable: false),
                    ConsumptionWh = table.Column<long>(type: "INTEGER", nullable: false),
                    MeteredWh = table.Column<long>(type: "INTEGER", nullable: false),
                    CommonAreaWh = table.Column<long>(type: "INTEGER", nullable: false),
                    ResidualWh = table.Column<long>(type: "INTEGER", nullable: false),
                    ResidualSolarWh = table.Column<long>(type: "INTEGER", nullable: false),
                    ImbalanceWh = table.Column<long>(type: "INTEGER", nullable: false),
                    PeakGridImportWh = table.Column<long>(type: "INTEGER", nullable: false),
                    PeakConsumptionWh = table.Column<long>(type: "INTEGER", nullable: false),
                    MissingReadings = table.Column<int>(type: "INTEGER", nullable: false),
                    EstimatedReadings = table.Column<int>(type: "INTEGER", nullable: false),
                    BackwardsReadings = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SiteEnergy", x => new { x.SiteId, x.Resolution, x.StartUtc });
                    table.ForeignKey(
                        name: "FK_SiteEnergy_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EnergyRecalculations_SiteId",
                table: "EnergyRecalculations",
                column: "SiteId");

            migrationBuilder.CreateIndex(
                name: "IX_MeterEnergy_SiteId_Resolution_StartUtc",
                table: "MeterEnergy",
                columns: new[] { "SiteId", "Resolution", "StartUtc" });

            // Intervals stored before balances existed: queue each site's whole history once, so the energy
            // balance worker computes it after the upgrade (instants as Unix seconds, as EnergyRecalculation stores them).
            migrationBuilder.Sql(
                "INSERT INTO EnergyRecalculations (SiteId, FromUtc, ToUtc) " +
                "SELECT m.SiteId, CAST(strftime('%s', MIN(i.StartUtc)) AS INTEGER), CAST(strftime('%s', MAX(i.EndUtc)) AS INTEGER) " +
                "FROM MeterIntervals i JOIN Meters m ON m.Id = i.MeterId GROUP BY m.SiteId;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EnergyRecalculations");

            migrationBuilder.DropTable(
                name: "MeterEnergy");

            migrationBuilder.DropTable(
                name: "SiteEnergy");
        }
    }
}
