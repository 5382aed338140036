using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SupervisionFlow.Web.Data.Migrations;

/// <summary>
/// <c>bulk_operations</c> (a confirmed bulk action of the office and its progress) and <c>bulk_operation_items</c> (its
/// selected suggestions in order, each with its outcome once its chunk is through). Hand-written and provider-neutral like the others.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261212200000_BulkOperations")]
public sealed class BulkOperationTables : HandWrittenMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "bulk_operations",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                Action = table.Column<string>(maxLength: 20, nullable: false),
                Reason = table.Column<string>(maxLength: 1000, nullable: true),
                ExtendDays = table.Column<int>(nullable: true),
                ExtendTo = table.Column<DateOnly>(nullable: true),
                ToUnitId = table.Column<string>(maxLength: 50, nullable: true),
                RequestedBy = table.Column<string>(maxLength: 100, nullable: false),
                RequestedByName = table.Column<string>(maxLength: 100, nullable: false),
                RequestedGroups = table.Column<string>(maxLength: 200, nullable: false),
                State = table.Column<string>(maxLength: 16, nullable: false),
                Total = table.Column<int>(nullable: false),
                Processed = table.Column<int>(nullable: false),
                DoneCount = table.Column<int>(nullable: false),
                RefusedCount = table.Column<int>(nullable: false),
                FailedCount = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                FinishedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_bulk_operations", x => x.Id));
        migrationBuilder.CreateIndex("IX_bulk_operations_CreatedAt", "bulk_operations", "CreatedAt");
        migrationBuilder.CreateTable(
            name: "bulk_operation_items",
            columns: table => new
            {
                BulkRunId = table.Column<long>(nullable: false),
                Position = table.Column<int>(nullable: false),
                SuggestionId = table.Column<int>(nullable: false),
                Outcome = table.Column<string>(maxLength: 16, nullable: true),
                Note = table.Column<string>(maxLength: 1000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_bulk_operation_items", x => new { x.BulkRunId, x.Position });
                table.ForeignKey(
                    name: "FK_bulk_operation_items_bulk_operations_BulkRunId",
                    column: x => x.BulkRunId,
                    principalTable: "bulk_operations",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable(name: "bulk_operation_items");
        migrationBuilder.DropTable(name: "bulk_operations");
    }
}
