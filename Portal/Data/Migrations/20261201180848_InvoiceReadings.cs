using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class InvoiceReadings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "InvoiceDays",
                columns: table => new
                {
                    InvoiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    SolarWh = table.Column<long>(type: "INTEGER", nullable: false),
                    GridWh = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InvoiceDays", x => new { x.InvoiceId, x.Day });
                    table.ForeignKey(
                        name: "FK_InvoiceDays_Invoices_InvoiceId",
                        column: x => x.InvoiceId,
                        principalTable: "Invoices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InvoiceReadings",
                columns: table => new
                {
                    InvoiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    MeterId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MeterName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartWh = table.Column<long>(type: "INTEGER", nullable: true),
                    EndWh = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InvoiceReadings", x => new { x.InvoiceId, x.Position });
                    table.ForeignKey(
                        name: "FK_InvoiceReadings_Invoices_InvoiceId",
                        column: x => x.InvoiceId,
                        principalTable: "Invoices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Like the lines (Billing migration): the readings and days of an issued invoice are frozen with it.
            foreach (var table in new[] { "InvoiceReadings", "InvoiceDays" })
            {
                foreach (var (name, when, row) in new[] { ("Insert", "INSERT", "NEW"), ("Update", "UPDATE", "OLD"), ("Delete", "DELETE", "OLD") })
                {
                    migrationBuilder.Sql(
                        $"CREATE TRIGGER \"{table}_Issued{name}\" BEFORE {when} ON \"{table}\" " +
                        $"WHEN (SELECT \"IssuedUtc\" FROM \"Invoices\" WHERE \"Id\" = {row}.\"InvoiceId\") IS NOT NULL " +
                        "BEGIN SELECT RAISE(ABORT, 'What an issued invoice says cannot be changed.'); END;");
                }
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in new[] { "InvoiceReadings", "InvoiceDays" })
            {
                foreach (var name in new[] { "Insert", "Update", "Delete" })
                {
                    migrationBuilder.Sql($"DROP TRIGGER IF EXISTS \"{table}_Issued{name}\";");
                }
            }

            migrationBuilder.DropTable(
                name: "InvoiceDays");

            migrationBuilder.DropTable(
                name: "InvoiceReadings");
        }
    }
}
