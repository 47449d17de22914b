using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <summary>
    /// Moves the accounts of the script releases into Identity's shape: the e-mail address was the
    /// user name, and role memberships were role names (UserRoles), now rows pointing at the seeded
    /// roles. Password hashes, security stamps and lockout state were kept by the rename before,
    /// so existing passwords still work. Plain SQL every provider runs.
    /// </summary>
    public partial class IdentityAccountsData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                "UPDATE \"AspNetUsers\" SET \"UserName\" = \"Email\", \"NormalizedUserName\" = \"NormalizedEmail\" WHERE \"UserName\" IS NULL;");

            migrationBuilder.Sql(
                "INSERT INTO \"AspNetUserRoles\" (\"UserId\", \"RoleId\") " +
                "SELECT o.\"UserId\", r.\"Id\" FROM \"UserRoles\" o JOIN \"AspNetRoles\" r ON r.\"NormalizedName\" = UPPER(o.\"Role\");");

            migrationBuilder.DropTable(
                name: "UserRoles");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UserRoles",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserRoles", x => new { x.UserId, x.Role });
                    table.ForeignKey(
                        name: "FK_UserRoles_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.Sql(
                "INSERT INTO \"UserRoles\" (\"UserId\", \"Role\") " +
                "SELECT ur.\"UserId\", r.\"Name\" FROM \"AspNetUserRoles\" ur JOIN \"AspNetRoles\" r ON r.\"Id\" = ur.\"RoleId\";");
        }
    }
}
