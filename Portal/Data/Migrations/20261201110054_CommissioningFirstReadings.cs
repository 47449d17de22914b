using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class CommissioningFirstReadings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MeterFirstReadings",
                columns: table => new
                {
                    MeterId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SiteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MeasuredUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ImportRegisterWh = table.Column<long>(type: "INTEGER", nullable: false),
                    ExportRegisterWh = table.Column<long>(type: "INTEGER", nullable: false),
                    ActivePowerW = table.Column<decimal>(type: "TEXT", nullable: false),
                    VoltageL1 = table.Column<decimal>(type: "TEXT", nullable: true),
                    VoltageL2 = table.Column<decimal>(type: "TEXT", nullable: true),
                    VoltageL3 = table.Column<decimal>(type: "TEXT", nullable: true),
                    CommissionedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeterFirstReadings", x => x.MeterId);
                    table.ForeignKey(
                        name: "FK_MeterFirstReadings_Meters_MeterId",
                        column: x => x.MeterId,
                        principalTable: "Meters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MeterFirstReadings_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MeterFirstReadings_SiteId",
                table: "MeterFirstReadings",
                column: "SiteId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MeterFirstReadings");
        }
    }
}
