using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SupervisionFlow.Web.Data.Migrations;

/// <summary><c>migration_batches</c>: a version migration run as a background job, with its progress. Hand-written and provider-neutral like the others.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261210100000_MigrationBatches")]
public sealed class MigrationBatches : HandWrittenMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "migration_batches",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                SourceDefinitionId = table.Column<string>(maxLength: 255, nullable: false),
                TargetDefinitionId = table.Column<string>(maxLength: 255, nullable: false),
                PlanJson = table.Column<string>(nullable: false),
                RequestedBy = table.Column<string>(maxLength: 255, nullable: false),
                State = table.Column<string>(maxLength: 16, nullable: false),
                Total = table.Column<int>(nullable: false),
                Processed = table.Column<int>(nullable: false),
                Migrated = table.Column<int>(nullable: false),
                FailedCount = table.Column<int>(nullable: false),
                FailuresJson = table.Column<string>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                FinishedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_migration_batches", x => x.Id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable(name: "migration_batches");
    }
}
