using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class IntervalEnergyIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_MeterIntervals_Energy",
                table: "MeterIntervals",
                columns: new[] { "MeterId", "StartUtc", "EndUtc", "ImportWh", "ExportWh", "CounterWentBackwards" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MeterIntervals_Energy",
                table: "MeterIntervals");
        }
    }
}
