using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SupervisionFlow.Web.Data.Migrations;

/// <summary>
/// Lists that page in the database: keyset indexes for task and instance pages (creation/start time, then id), an
/// index on the task's business key, and <c>suggestions.BusinessKey</c> (the suggestion's id as text, indexed) so the
/// inbox joins a task to its suggestion by index. Existing suggestions get their key here. Hand-written and
/// provider-neutral like <see cref="InitialEngineSchema"/>.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261208100000_ListPaging")]
public sealed class ListPaging : HandWrittenMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateIndex("IX_engine_tasks_CreatedAt_Id", "engine_tasks", ["CreatedAt", "Id"]);
        migrationBuilder.CreateIndex("IX_engine_tasks_BusinessKey", "engine_tasks", "BusinessKey");
        migrationBuilder.CreateIndex("IX_engine_instances_StartedAt_Id", "engine_instances", ["StartedAt", "Id"]);
        migrationBuilder.AddColumn<string>("BusinessKey", "suggestions", maxLength: 20, nullable: true);
        // CAST … AS VARCHAR reads the same on SQLite, PostgreSQL and SQL Server; every process of a suggestion was
        // started with its id as the business key.
        migrationBuilder.Sql("UPDATE suggestions SET \"BusinessKey\" = CAST(\"Id\" AS VARCHAR(20))");
        migrationBuilder.CreateIndex("IX_suggestions_BusinessKey", "suggestions", "BusinessKey");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropIndex("IX_suggestions_BusinessKey", "suggestions");
        migrationBuilder.DropColumn("BusinessKey", "suggestions");
        migrationBuilder.DropIndex("IX_engine_instances_StartedAt_Id", "engine_instances");
        migrationBuilder.DropIndex("IX_engine_tasks_BusinessKey", "engine_tasks");
        migrationBuilder.DropIndex("IX_engine_tasks_CreatedAt_Id", "engine_tasks");
    }
}
