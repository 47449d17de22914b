using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class ResidentAddresses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PostalBuildingNumber",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PostalCode",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PostalCountry",
                table: "AspNetUsers",
                type: "TEXT",
                fixedLength: true,
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PostalName",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 70,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PostalStreet",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 70,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PostalTown",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 35,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PostalBuildingNumber",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "PostalCode",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "PostalCountry",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "PostalName",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "PostalStreet",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "PostalTown",
                table: "AspNetUsers");
        }
    }
}
