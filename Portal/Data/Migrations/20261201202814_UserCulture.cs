using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class UserCulture : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Culture",
                table: "Invoices",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Culture",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            // The language an invoice was issued in is frozen with it, like every other column (Billing migration).
            migrationBuilder.Sql(
                "CREATE TRIGGER \"Invoices_IssuedCultureFrozen\" BEFORE UPDATE OF \"Culture\" ON \"Invoices\" " +
                "WHEN OLD.\"IssuedUtc\" IS NOT NULL AND NEW.\"Culture\" IS NOT OLD.\"Culture\" " +
                "BEGIN SELECT RAISE(ABORT, 'An issued invoice cannot be changed; issue a credit note.'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"Invoices_IssuedCultureFrozen\";");

            migrationBuilder.DropColumn(
                name: "Culture",
                table: "Invoices");

            migrationBuilder.DropColumn(
                name: "Culture",
                table: "AspNetUsers");
        }
    }
}
