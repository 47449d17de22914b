using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class Tariffs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "MissingNotEstimable",
                table: "Invoices",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "MissingSpans",
                table: "Invoices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SiteBillingSettings",
                columns: table => new
                {
                    SiteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IssuerName = table.Column<string>(type: "TEXT", maxLength: 70, nullable: false),
                    IssuerStreet = table.Column<string>(type: "TEXT", maxLength: 70, nullable: false),
                    IssuerBuildingNumber = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    IssuerPostalCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    IssuerTown = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    IssuerCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Iban = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    VatRegistered = table.Column<bool>(type: "INTEGER", nullable: false),
                    VatNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    PaymentTermDays = table.Column<int>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    SolarEnergyLabel = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    GridEnergyHtLabel = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    GridEnergyNtLabel = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    MeteringFeeLabel = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    BillingFeeLabel = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CommonElectricityLabel = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SiteBillingSettings", x => x.SiteId);
                    table.ForeignKey(
                        name: "FK_SiteBillingSettings_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Tariffs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    SolarPricePerKwh = table.Column<decimal>(type: "TEXT", nullable: false),
                    GridPriceHtPerKwh = table.Column<decimal>(type: "TEXT", nullable: false),
                    GridPriceNtPerKwh = table.Column<decimal>(type: "TEXT", nullable: false),
                    MeteringFeePerMonth = table.Column<decimal>(type: "TEXT", nullable: false),
                    BillingFeePerMonth = table.Column<decimal>(type: "TEXT", nullable: false),
                    VatRatePercent = table.Column<decimal>(type: "TEXT", nullable: false),
                    Calendar = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CapMethod = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ReferenceHtPerKwh = table.Column<decimal>(type: "TEXT", nullable: false),
                    ReferenceNtPerKwh = table.Column<decimal>(type: "TEXT", nullable: false),
                    ReferenceFeesPerMonth = table.Column<decimal>(type: "TEXT", nullable: false),
                    ReferenceKwhPerYear = table.Column<decimal>(type: "TEXT", nullable: false),
                    ReferenceHtSharePercent = table.Column<decimal>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tariffs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Tariffs_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UtilityInvoices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FirstDay = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    LastDay = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    KwhHt = table.Column<decimal>(type: "TEXT", nullable: false),
                    KwhNt = table.Column<decimal>(type: "TEXT", nullable: false),
                    AmountHt = table.Column<decimal>(type: "TEXT", nullable: false),
                    AmountNt = table.Column<decimal>(type: "TEXT", nullable: false),
                    PowerCharge = table.Column<decimal>(type: "TEXT", nullable: false),
                    Fees = table.Column<decimal>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UtilityInvoices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UtilityInvoices_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Tariffs_SiteId_ValidFrom",
                table: "Tariffs",
                columns: new[] { "SiteId", "ValidFrom" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UtilityInvoices_SiteId_FirstDay",
                table: "UtilityInvoices",
                columns: new[] { "SiteId", "FirstDay" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SiteBillingSettings");

            migrationBuilder.DropTable(
                name: "Tariffs");

            migrationBuilder.DropTable(
                name: "UtilityInvoices");

            migrationBuilder.DropColumn(
                name: "MissingNotEstimable",
                table: "Invoices");

            migrationBuilder.DropColumn(
                name: "MissingSpans",
                table: "Invoices");
        }
    }
}
