using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SupervisionFlow.Engine.Persistence;

namespace SupervisionFlow.Web.Data.Migrations;

/// <summary>
/// <c>engine_task_candidates.DueOrLast</c> and <c>TaskCreatedAt</c>: the task's sort keys on each candidate row, and
/// the candidate index extended by them, so an inbox counts and pages one group's open tasks from the index alone
/// (issue #10). Existing rows are filled from their task. <c>IX_engine_tasks_Assignee</c> keeps assigned tasks only. Hand-written and provider-neutral like the others.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261211400000_CandidateSortKeys")]
public sealed class CandidateSortKeys : HandWrittenMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<DateTime>(name: "DueOrLast", table: "engine_task_candidates", nullable: false, defaultValue: TaskCandidateRecord.NoDue);
        migrationBuilder.AddColumn<DateTime>(name: "TaskCreatedAt", table: "engine_task_candidates", nullable: false, defaultValue: TaskCandidateRecord.NoDue);
        // Standard SQL that SQLite, PostgreSQL and SQL Server all run: correlated subqueries, no UPDATE … FROM.
        migrationBuilder.Sql(
            """
            UPDATE engine_task_candidates SET "TaskCreatedAt" = (SELECT t."CreatedAt" FROM engine_tasks t WHERE t."Id" = engine_task_candidates."TaskId")
            """);
        migrationBuilder.Sql(
            """
            UPDATE engine_task_candidates SET "DueOrLast" = (SELECT t."DueAt" FROM engine_tasks t WHERE t."Id" = engine_task_candidates."TaskId")
            WHERE EXISTS (SELECT 1 FROM engine_tasks t WHERE t."Id" = engine_task_candidates."TaskId" AND t."DueAt" IS NOT NULL)
            """);
        migrationBuilder.DropIndex(name: "IX_engine_task_candidates_Kind_Value", table: "engine_task_candidates");
        migrationBuilder.CreateIndex(
            "IX_engine_task_candidates_sort", "engine_task_candidates",
            ["Kind", "Value", "DueOrLast", "TaskCreatedAt", "TaskId"]);
        // Assigned tasks only (see EngineModel): a task's "assigned to me" lookup stays an index lookup on SQLite.
        migrationBuilder.DropIndex(name: "IX_engine_tasks_Assignee", table: "engine_tasks");
        migrationBuilder.CreateIndex("IX_engine_tasks_Assignee", "engine_tasks", "Assignee", filter: "\"Assignee\" IS NOT NULL");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropIndex(name: "IX_engine_tasks_Assignee", table: "engine_tasks");
        migrationBuilder.CreateIndex("IX_engine_tasks_Assignee", "engine_tasks", "Assignee");
        migrationBuilder.DropIndex(name: "IX_engine_task_candidates_sort", table: "engine_task_candidates");
        migrationBuilder.CreateIndex("IX_engine_task_candidates_Kind_Value", "engine_task_candidates", ["Kind", "Value"]);
        migrationBuilder.DropColumn(name: "TaskCreatedAt", table: "engine_task_candidates");
        migrationBuilder.DropColumn(name: "DueOrLast", table: "engine_task_candidates");
    }
}
