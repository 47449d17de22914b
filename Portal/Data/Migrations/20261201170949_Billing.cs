using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class Billing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AdvancePayments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BillingPointId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PaidOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeductedById = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdvancePayments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AdvancePayments_BillingPoints_BillingPointId",
                        column: x => x.BillingPointId,
                        principalTable: "BillingPoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AdvancePayments_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BillingRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PeriodStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    EstimateMissing = table.Column<bool>(type: "INTEGER", nullable: false),
                    BillingPointId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    ComputedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ApprovedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    IssuedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    GridImportWh = table.Column<long>(type: "INTEGER", nullable: false),
                    GridToBatteryWh = table.Column<long>(type: "INTEGER", nullable: false),
                    GridToLoadWh = table.Column<long>(type: "INTEGER", nullable: false),
                    GridExportWh = table.Column<long>(type: "INTEGER", nullable: false),
                    ProductionWh = table.Column<long>(type: "INTEGER", nullable: false),
                    SolarUsedWh = table.Column<long>(type: "INTEGER", nullable: false),
                    ParticipantsGridWh = table.Column<long>(type: "INTEGER", nullable: false),
                    ParticipantsSolarWh = table.Column<long>(type: "INTEGER", nullable: false),
                    CommonAreasGridWh = table.Column<long>(type: "INTEGER", nullable: false),
                    CommonAreasSolarWh = table.Column<long>(type: "INTEGER", nullable: false),
                    ResidualGridWh = table.Column<long>(type: "INTEGER", nullable: false),
                    ResidualSolarWh = table.Column<long>(type: "INTEGER", nullable: false),
                    UnassignedGridWh = table.Column<long>(type: "INTEGER", nullable: false),
                    UnassignedSolarWh = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativeResidualWh = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BillingRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BillingRuns_AspNetUsers_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_BillingRuns_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Invoices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BillingRunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BillingPointId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResidentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: true),
                    PeriodStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    BillingPointName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RecipientName = table.Column<string>(type: "TEXT", maxLength: 70, nullable: false),
                    RecipientEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    RecipientStreet = table.Column<string>(type: "TEXT", maxLength: 70, nullable: true),
                    RecipientBuildingNumber = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    RecipientPostalCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    RecipientTown = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    RecipientCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    NetTotal = table.Column<decimal>(type: "TEXT", nullable: false),
                    VatTotal = table.Column<decimal>(type: "TEXT", nullable: false),
                    Total = table.Column<decimal>(type: "TEXT", nullable: false),
                    AdvancesPaid = table.Column<decimal>(type: "TEXT", nullable: false),
                    AmountDue = table.Column<decimal>(type: "TEXT", nullable: false),
                    NextAdvance = table.Column<decimal>(type: "TEXT", nullable: true),
                    SolarWh = table.Column<long>(type: "INTEGER", nullable: false),
                    GridHighWh = table.Column<long>(type: "INTEGER", nullable: false),
                    GridLowWh = table.Column<long>(type: "INTEGER", nullable: false),
                    CommonWh = table.Column<long>(type: "INTEGER", nullable: false),
                    MissingQuarterHours = table.Column<int>(type: "INTEGER", nullable: false),
                    EstimatedQuarterHours = table.Column<int>(type: "INTEGER", nullable: false),
                    EstimatedWh = table.Column<long>(type: "INTEGER", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 27, nullable: true),
                    IssueDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    IssuedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Pdf = table.Column<byte[]>(type: "BLOB", nullable: true),
                    PdfSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CorrectsInvoiceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreditedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    SentUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SentTo = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    PaidAmount = table.Column<decimal>(type: "TEXT", nullable: false),
                    PaidUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Invoices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Invoices_BillingPoints_BillingPointId",
                        column: x => x.BillingPointId,
                        principalTable: "BillingPoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Invoices_BillingRuns_BillingRunId",
                        column: x => x.BillingRunId,
                        principalTable: "BillingRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Invoices_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "InvoiceLines",
                columns: table => new
                {
                    InvoiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Quantity = table.Column<decimal>(type: "TEXT", nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    UnitPrice = table.Column<decimal>(type: "TEXT", nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", nullable: false),
                    VatRatePercent = table.Column<decimal>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InvoiceLines", x => new { x.InvoiceId, x.Position });
                    table.ForeignKey(
                        name: "FK_InvoiceLines_Invoices_InvoiceId",
                        column: x => x.InvoiceId,
                        principalTable: "Invoices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AdvancePayments_BillingPointId",
                table: "AdvancePayments",
                column: "BillingPointId");

            migrationBuilder.CreateIndex(
                name: "IX_AdvancePayments_SiteId_BillingPointId_PaidOn",
                table: "AdvancePayments",
                columns: new[] { "SiteId", "BillingPointId", "PaidOn" });

            migrationBuilder.CreateIndex(
                name: "IX_BillingRuns_CreatedById",
                table: "BillingRuns",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_BillingRuns_SiteId_PeriodStart",
                table: "BillingRuns",
                columns: new[] { "SiteId", "PeriodStart" });

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_BillingPointId",
                table: "Invoices",
                column: "BillingPointId");

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_BillingRunId",
                table: "Invoices",
                column: "BillingRunId");

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_ResidentId",
                table: "Invoices",
                column: "ResidentId");

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_SiteId_Number",
                table: "Invoices",
                columns: new[] { "SiteId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_SiteId_Reference",
                table: "Invoices",
                columns: new[] { "SiteId", "Reference" });

            // An issued invoice never changes (issue 10): what it bills, to whom, its number, reference and PDF are
            // frozen by the database itself, whatever code or tool writes to it. Status, sending and payment move on.
            migrationBuilder.Sql(
                "CREATE TRIGGER \"Invoices_IssuedAreFrozen\" BEFORE UPDATE ON \"Invoices\" " +
                "WHEN OLD.\"IssuedUtc\" IS NOT NULL AND (NEW.\"Id\" IS NOT OLD.\"Id\" OR NEW.\"SiteId\" IS NOT OLD.\"SiteId\" OR NEW.\"BillingRunId\" IS NOT OLD.\"BillingRunId\" OR NEW.\"BillingPointId\" IS NOT OLD.\"BillingPointId\" OR NEW.\"ResidentId\" IS NOT OLD.\"ResidentId\" OR NEW.\"Kind\" IS NOT OLD.\"Kind\" OR NEW.\"Number\" IS NOT OLD.\"Number\" OR NEW.\"PeriodStart\" IS NOT OLD.\"PeriodStart\" OR NEW.\"PeriodEnd\" IS NOT OLD.\"PeriodEnd\" OR NEW.\"BillingPointName\" IS NOT OLD.\"BillingPointName\" OR NEW.\"RecipientName\" IS NOT OLD.\"RecipientName\" OR NEW.\"RecipientEmail\" IS NOT OLD.\"RecipientEmail\" OR NEW.\"RecipientStreet\" IS NOT OLD.\"RecipientStreet\" OR NEW.\"RecipientBuildingNumber\" IS NOT OLD.\"RecipientBuildingNumber\" OR NEW.\"RecipientPostalCode\" IS NOT OLD.\"RecipientPostalCode\" OR NEW.\"RecipientTown\" IS NOT OLD.\"RecipientTown\" OR NEW.\"RecipientCountry\" IS NOT OLD.\"RecipientCountry\" OR NEW.\"Currency\" IS NOT OLD.\"Currency\" OR NEW.\"NetTotal\" IS NOT OLD.\"NetTotal\" OR NEW.\"VatTotal\" IS NOT OLD.\"VatTotal\" OR NEW.\"Total\" IS NOT OLD.\"Total\" OR NEW.\"AdvancesPaid\" IS NOT OLD.\"AdvancesPaid\" OR NEW.\"AmountDue\" IS NOT OLD.\"AmountDue\" OR NEW.\"NextAdvance\" IS NOT OLD.\"NextAdvance\" OR NEW.\"SolarWh\" IS NOT OLD.\"SolarWh\" OR NEW.\"GridHighWh\" IS NOT OLD.\"GridHighWh\" OR NEW.\"GridLowWh\" IS NOT OLD.\"GridLowWh\" OR NEW.\"CommonWh\" IS NOT OLD.\"CommonWh\" OR NEW.\"MissingQuarterHours\" IS NOT OLD.\"MissingQuarterHours\" OR NEW.\"EstimatedQuarterHours\" IS NOT OLD.\"EstimatedQuarterHours\" OR NEW.\"EstimatedWh\" IS NOT OLD.\"EstimatedWh\" OR NEW.\"Reference\" IS NOT OLD.\"Reference\" OR NEW.\"IssueDate\" IS NOT OLD.\"IssueDate\" OR NEW.\"DueDate\" IS NOT OLD.\"DueDate\" OR NEW.\"IssuedUtc\" IS NOT OLD.\"IssuedUtc\" OR NEW.\"Pdf\" IS NOT OLD.\"Pdf\" OR NEW.\"PdfSha256\" IS NOT OLD.\"PdfSha256\" OR NEW.\"CorrectsInvoiceId\" IS NOT OLD.\"CorrectsInvoiceId\") " +
                "BEGIN SELECT RAISE(ABORT, 'An issued invoice cannot be changed; issue a credit note.'); END;");
            migrationBuilder.Sql(
                "CREATE TRIGGER \"Invoices_IssuedAreKept\" BEFORE DELETE ON \"Invoices\" WHEN OLD.\"IssuedUtc\" IS NOT NULL " +
                "BEGIN SELECT RAISE(ABORT, 'An issued invoice cannot be deleted; issue a credit note.'); END;");
            foreach (var (name, when, row) in new[] { ("Insert", "INSERT", "NEW"), ("Update", "UPDATE", "OLD"), ("Delete", "DELETE", "OLD") })
            {
                migrationBuilder.Sql(
                    $"CREATE TRIGGER \"InvoiceLines_Issued{name}\" BEFORE {when} ON \"InvoiceLines\" " +
                    $"WHEN (SELECT \"IssuedUtc\" FROM \"Invoices\" WHERE \"Id\" = {row}.\"InvoiceId\") IS NOT NULL " +
                    "BEGIN SELECT RAISE(ABORT, 'The lines of an issued invoice cannot be changed.'); END;");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[] { "Invoices_IssuedAreFrozen", "Invoices_IssuedAreKept", "InvoiceLines_IssuedInsert", "InvoiceLines_IssuedUpdate", "InvoiceLines_IssuedDelete" })
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS \"{trigger}\";");
            }

            migrationBuilder.DropTable(
                name: "AdvancePayments");

            migrationBuilder.DropTable(
                name: "InvoiceLines");

            migrationBuilder.DropTable(
                name: "Invoices");

            migrationBuilder.DropTable(
                name: "BillingRuns");
        }
    }
}
