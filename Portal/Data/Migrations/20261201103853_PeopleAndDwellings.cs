using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class PeopleAndDwellings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ArchivedUtc",
                table: "Sites",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "InstallerId",
                table: "Sites",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "BillingPoints",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Dwelling");

            migrationBuilder.AddColumn<DateTime>(
                name: "DisabledUtc",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AccountInvitations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UsedUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountInvitations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AccountInvitations_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Occupancies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BillingPointId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MoveIn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    MoveOut = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Occupancies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Occupancies_AspNetUsers_ResidentId",
                        column: x => x.ResidentId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Occupancies_BillingPoints_BillingPointId",
                        column: x => x.BillingPointId,
                        principalTable: "BillingPoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Sites_InstallerId",
                table: "Sites",
                column: "InstallerId");

            migrationBuilder.CreateIndex(
                name: "IX_AccountInvitations_TokenHash",
                table: "AccountInvitations",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AccountInvitations_UserId",
                table: "AccountInvitations",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_Occupancies_BillingPointId_MoveIn",
                table: "Occupancies",
                columns: new[] { "BillingPointId", "MoveIn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Occupancies_ResidentId",
                table: "Occupancies",
                column: "ResidentId");

            // The single resident of a billing point becomes its first occupancy, open-ended. The move-in date was never
            // recorded: the site's creation day stands in for it (the owner corrects it on the billing points page).
            // The occupancy takes the billing point's id, which is unique because a point had one resident.
            migrationBuilder.Sql(
                """
                INSERT INTO "Occupancies" ("Id", "BillingPointId", "ResidentId", "MoveIn", "MoveOut", "CreatedUtc")
                SELECT b."Id", b."Id", b."ResidentId", substr(s."CreatedUtc", 1, 10), NULL, s."CreatedUtc"
                FROM "BillingPoints" b JOIN "Sites" s ON s."Id" = b."SiteId"
                WHERE b."ResidentId" IS NOT NULL;
                """);

            migrationBuilder.DropForeignKey(
                name: "FK_BillingPoints_AspNetUsers_ResidentId",
                table: "BillingPoints");

            migrationBuilder.DropIndex(
                name: "IX_BillingPoints_ResidentId",
                table: "BillingPoints");

            migrationBuilder.DropColumn(
                name: "ResidentId",
                table: "BillingPoints");

            migrationBuilder.AddForeignKey(
                name: "FK_Sites_AspNetUsers_InstallerId",
                table: "Sites",
                column: "InstallerId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Sites_AspNetUsers_InstallerId",
                table: "Sites");

            migrationBuilder.DropTable(
                name: "AccountInvitations");

            migrationBuilder.DropIndex(
                name: "IX_Sites_InstallerId",
                table: "Sites");

            migrationBuilder.DropColumn(
                name: "ArchivedUtc",
                table: "Sites");

            migrationBuilder.DropColumn(
                name: "InstallerId",
                table: "Sites");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "BillingPoints");

            migrationBuilder.DropColumn(
                name: "DisabledUtc",
                table: "AspNetUsers");

            migrationBuilder.AddColumn<Guid>(
                name: "ResidentId",
                table: "BillingPoints",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_BillingPoints_ResidentId",
                table: "BillingPoints",
                column: "ResidentId");

            migrationBuilder.AddForeignKey(
                name: "FK_BillingPoints_AspNetUsers_ResidentId",
                table: "BillingPoints",
                column: "ResidentId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            // Back to one resident per billing point: the one who lives there now (an open occupancy), if any.
            migrationBuilder.Sql(
                """
                UPDATE "BillingPoints" SET "ResidentId" = (
                    SELECT o."ResidentId" FROM "Occupancies" o
                    WHERE o."BillingPointId" = "BillingPoints"."Id" AND o."MoveOut" IS NULL
                    ORDER BY o."MoveIn" DESC LIMIT 1);
                """);

            migrationBuilder.DropTable(
                name: "Occupancies");
        }
    }
}
