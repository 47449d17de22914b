using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class IntervalInstantsAsIntegers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "EndUtc",
                table: "MeterIntervals",
                type: "INTEGER",
                nullable: false,
                oldClrType: typeof(DateTime),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<long>(
                name: "StartUtc",
                table: "MeterIntervals",
                type: "INTEGER",
                nullable: false,
                oldClrType: typeof(DateTime),
                oldType: "TEXT");

            // SQLite's table rebuild would copy the stored text ("yyyy-MM-dd HH:mm:ss", as Microsoft.Data.Sqlite wrote a
            // DateTime) into the INTEGER columns unchanged. EF runs this statement before the rebuild (its warning says
            // so): the seconds are kept as digits in the TEXT columns, which the rebuild's copy turns into integers. An
            // instant with a fraction of a second (no writer ever stored one: the contract accepts quarter-hours only)
            // or one SQLite cannot read becomes NULL and fails the NOT NULL constraint, so the migration stops instead
            // of truncating a start onto another interval's key.
            migrationBuilder.Sql(
                """
                UPDATE MeterIntervals SET
                    StartUtc = iif(unixepoch(StartUtc, 'subsec') = unixepoch(StartUtc), unixepoch(StartUtc), NULL),
                    EndUtc = iif(unixepoch(EndUtc, 'subsec') = unixepoch(EndUtc), unixepoch(EndUtc), NULL);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<DateTime>(
                name: "EndUtc",
                table: "MeterIntervals",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.AlterColumn<DateTime>(
                name: "StartUtc",
                table: "MeterIntervals",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            // Back to Microsoft.Data.Sqlite's text of a DateTime, before the rebuild (as in Up), which copies the text.
            migrationBuilder.Sql(
                """
                UPDATE MeterIntervals SET
                    StartUtc = strftime('%Y-%m-%d %H:%M:%S', CAST(StartUtc AS INTEGER), 'unixepoch'),
                    EndUtc = strftime('%Y-%m-%d %H:%M:%S', CAST(EndUtc AS INTEGER), 'unixepoch');
                """);
        }
    }
}
