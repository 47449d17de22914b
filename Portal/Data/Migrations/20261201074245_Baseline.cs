using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Users",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityStamp = table.Column<string>(type: "TEXT", nullable: false),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: false),
                    LockoutEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    AccessFailedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Users", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Sites",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RouterKind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    RouterSerial = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    WizardStep = table.Column<int>(type: "INTEGER", nullable: false),
                    CommissionedUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sites", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Sites_Users_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

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
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BillingPoints",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ResidentId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BillingPoints", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BillingPoints_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_BillingPoints_Users_ResidentId",
                        column: x => x.ResidentId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "Gateways",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SiteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Serial = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    MqttUsername = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IsOnline = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastSeenUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OutboxBacklog = table.Column<long>(type: "INTEGER", nullable: true),
                    ConfigVersion = table.Column<long>(type: "INTEGER", nullable: false),
                    AckedConfigVersion = table.Column<long>(type: "INTEGER", nullable: true),
                    ConfigOutcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ConfigRejectReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ConfigAckUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Gateways", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Gateways_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GridConnections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    MainFuseA = table.Column<int>(type: "INTEGER", nullable: false),
                    DsoMeterNumber = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GridConnections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GridConnections_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Buses",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    GatewayId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Building = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Host = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Port = table.Column<int>(type: "INTEGER", nullable: true),
                    Device = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Baud = table.Column<int>(type: "INTEGER", nullable: false),
                    Parity = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    StopBits = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Buses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Buses_Gateways_GatewayId",
                        column: x => x.GatewayId,
                        principalTable: "Gateways",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Meters",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SiteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BusId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CtRatio = table.Column<int>(type: "INTEGER", nullable: true),
                    Serial = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    BillingPointId = table.Column<Guid>(type: "TEXT", nullable: true),
                    GridConnectionId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Meters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Meters_BillingPoints_BillingPointId",
                        column: x => x.BillingPointId,
                        principalTable: "BillingPoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Meters_Buses_BusId",
                        column: x => x.BusId,
                        principalTable: "Buses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Meters_GridConnections_GridConnectionId",
                        column: x => x.GridConnectionId,
                        principalTable: "GridConnections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Meters_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Batteries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CapacityKwh = table.Column<decimal>(type: "TEXT", nullable: false),
                    PowerKw = table.Column<decimal>(type: "TEXT", nullable: false),
                    MeterId = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Batteries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Batteries_Meters_MeterId",
                        column: x => x.MeterId,
                        principalTable: "Meters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Batteries_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MeterIntervals",
                columns: table => new
                {
                    MeterId = table.Column<string>(type: "TEXT", nullable: false),
                    StartUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ImportWh = table.Column<long>(type: "INTEGER", nullable: false),
                    ExportWh = table.Column<long>(type: "INTEGER", nullable: false),
                    CounterWentBackwards = table.Column<bool>(type: "INTEGER", nullable: false),
                    GatewayId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeterIntervals", x => new { x.MeterId, x.StartUtc });
                    table.ForeignKey(
                        name: "FK_MeterIntervals_Meters_MeterId",
                        column: x => x.MeterId,
                        principalTable: "Meters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MeterLiveReadings",
                columns: table => new
                {
                    MeterId = table.Column<string>(type: "TEXT", nullable: false),
                    MeasuredUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReceivedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActivePowerW = table.Column<decimal>(type: "TEXT", nullable: false),
                    ImportRegisterWh = table.Column<long>(type: "INTEGER", nullable: false),
                    ExportRegisterWh = table.Column<long>(type: "INTEGER", nullable: false),
                    VoltageL1 = table.Column<decimal>(type: "TEXT", nullable: true),
                    VoltageL2 = table.Column<decimal>(type: "TEXT", nullable: true),
                    VoltageL3 = table.Column<decimal>(type: "TEXT", nullable: true),
                    CurrentL1 = table.Column<decimal>(type: "TEXT", nullable: true),
                    CurrentL2 = table.Column<decimal>(type: "TEXT", nullable: true),
                    CurrentL3 = table.Column<decimal>(type: "TEXT", nullable: true),
                    PowerL1 = table.Column<decimal>(type: "TEXT", nullable: true),
                    PowerL2 = table.Column<decimal>(type: "TEXT", nullable: true),
                    PowerL3 = table.Column<decimal>(type: "TEXT", nullable: true),
                    FrequencyHz = table.Column<decimal>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeterLiveReadings", x => x.MeterId);
                    table.ForeignKey(
                        name: "FK_MeterLiveReadings_Meters_MeterId",
                        column: x => x.MeterId,
                        principalTable: "Meters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PvInstallations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PeakKw = table.Column<decimal>(type: "TEXT", nullable: false),
                    Inverter = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    MeterId = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PvInstallations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PvInstallations_Meters_MeterId",
                        column: x => x.MeterId,
                        principalTable: "Meters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_PvInstallations_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Batteries_MeterId",
                table: "Batteries",
                column: "MeterId");

            migrationBuilder.CreateIndex(
                name: "IX_Batteries_SiteId",
                table: "Batteries",
                column: "SiteId");

            migrationBuilder.CreateIndex(
                name: "IX_BillingPoints_ResidentId",
                table: "BillingPoints",
                column: "ResidentId");

            migrationBuilder.CreateIndex(
                name: "IX_BillingPoints_SiteId",
                table: "BillingPoints",
                column: "SiteId");

            migrationBuilder.CreateIndex(
                name: "IX_Buses_GatewayId",
                table: "Buses",
                column: "GatewayId");

            migrationBuilder.CreateIndex(
                name: "IX_Gateways_MqttUsername",
                table: "Gateways",
                column: "MqttUsername",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Gateways_SiteId",
                table: "Gateways",
                column: "SiteId");

            migrationBuilder.CreateIndex(
                name: "IX_GridConnections_SiteId",
                table: "GridConnections",
                column: "SiteId");

            migrationBuilder.CreateIndex(
                name: "IX_Meters_BillingPointId",
                table: "Meters",
                column: "BillingPointId");

            migrationBuilder.CreateIndex(
                name: "IX_Meters_BusId_UnitId",
                table: "Meters",
                columns: new[] { "BusId", "UnitId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Meters_GridConnectionId",
                table: "Meters",
                column: "GridConnectionId");

            migrationBuilder.CreateIndex(
                name: "IX_Meters_SiteId",
                table: "Meters",
                column: "SiteId");

            migrationBuilder.CreateIndex(
                name: "IX_PvInstallations_MeterId",
                table: "PvInstallations",
                column: "MeterId");

            migrationBuilder.CreateIndex(
                name: "IX_PvInstallations_SiteId",
                table: "PvInstallations",
                column: "SiteId");

            migrationBuilder.CreateIndex(
                name: "IX_Sites_OwnerId",
                table: "Sites",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_Users_NormalizedEmail",
                table: "Users",
                column: "NormalizedEmail",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Batteries");

            migrationBuilder.DropTable(
                name: "MeterIntervals");

            migrationBuilder.DropTable(
                name: "MeterLiveReadings");

            migrationBuilder.DropTable(
                name: "PvInstallations");

            migrationBuilder.DropTable(
                name: "UserRoles");

            migrationBuilder.DropTable(
                name: "Meters");

            migrationBuilder.DropTable(
                name: "BillingPoints");

            migrationBuilder.DropTable(
                name: "Buses");

            migrationBuilder.DropTable(
                name: "GridConnections");

            migrationBuilder.DropTable(
                name: "Gateways");

            migrationBuilder.DropTable(
                name: "Sites");

            migrationBuilder.DropTable(
                name: "Users");
        }
    }
}
