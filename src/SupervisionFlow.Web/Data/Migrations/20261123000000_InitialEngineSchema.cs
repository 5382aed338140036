using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SupervisionFlow.Web.Data.Migrations;

/// <summary>
/// The engine's tables. Hand-written and provider-neutral (README, "Database migrations"): column types are left to
/// each provider's mapping of the CLR type and length, exactly as <c>EnsureCreated</c> maps the model, which
/// <c>MigrationDriftTests</c> checks on SQLite, PostgreSQL and (offline, from the scripts) SQL Server.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000000_InitialEngineSchema")]
public sealed class InitialEngineSchema : HandWrittenMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);

        migrationBuilder.CreateTable(
            name: "engine_definitions",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 300, nullable: false),
                Key = table.Column<string>(maxLength: 255, nullable: false),
                Version = table.Column<int>(nullable: false),
                Name = table.Column<string>(maxLength: 500, nullable: true),
                Xml = table.Column<string>(nullable: false),
                XmlHash = table.Column<string>(maxLength: 64, nullable: false),
                DeployedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_engine_definitions", x => x.Id));

        migrationBuilder.CreateTable(
            name: "engine_instances",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 36, nullable: false),
                DefinitionId = table.Column<string>(maxLength: 300, nullable: false),
                DefinitionKey = table.Column<string>(maxLength: 255, nullable: false),
                DefinitionVersion = table.Column<int>(nullable: false),
                BusinessKey = table.Column<string>(maxLength: 255, nullable: true),
                State = table.Column<string>(maxLength: 20, nullable: false),
                ExecutionsJson = table.Column<string>(nullable: false),
                VariablesJson = table.Column<string>(nullable: false),
                Revision = table.Column<int>(nullable: false),
                ParentInstanceId = table.Column<string>(maxLength: 36, nullable: true),
                ParentExecutionId = table.Column<string>(maxLength: 36, nullable: true),
                StartedAt = table.Column<DateTime>(nullable: false),
                EndedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_engine_instances", x => x.Id));

        migrationBuilder.CreateTable(
            name: "engine_tasks",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 36, nullable: false),
                ProcessInstanceId = table.Column<string>(maxLength: 36, nullable: false),
                ExecutionId = table.Column<string>(maxLength: 36, nullable: false),
                ActivityId = table.Column<string>(maxLength: 255, nullable: false),
                Name = table.Column<string>(maxLength: 500, nullable: true),
                DefinitionKey = table.Column<string>(maxLength: 255, nullable: false),
                BusinessKey = table.Column<string>(maxLength: 255, nullable: true),
                Assignee = table.Column<string>(maxLength: 255, nullable: true),
                DueAt = table.Column<DateTime>(nullable: true),
                FollowUpAt = table.Column<DateTime>(nullable: true),
                Priority = table.Column<int>(nullable: false),
                FormKey = table.Column<string>(maxLength: 500, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                LocalVariablesJson = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_engine_tasks", x => x.Id));

        migrationBuilder.CreateTable(
            name: "engine_task_candidates",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                TaskId = table.Column<string>(maxLength: 36, nullable: false),
                Kind = table.Column<string>(maxLength: 10, nullable: false),
                Value = table.Column<string>(maxLength: 255, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_engine_task_candidates", x => x.Id);
                table.ForeignKey(
                    name: "FK_engine_task_candidates_engine_tasks_TaskId",
                    column: x => x.TaskId,
                    principalTable: "engine_tasks",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "engine_jobs",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 36, nullable: false),
                Kind = table.Column<int>(nullable: false),
                ProcessInstanceId = table.Column<string>(maxLength: 36, nullable: false),
                ExecutionId = table.Column<string>(maxLength: 36, nullable: false),
                ActivityId = table.Column<string>(maxLength: 255, nullable: false),
                DueAt = table.Column<DateTime>(nullable: true),
                Period = table.Column<string>(maxLength: 100, nullable: true),
                RemainingRepeats = table.Column<int>(nullable: false),
                RetriesLeft = table.Column<int>(nullable: false),
                LockOwner = table.Column<string>(maxLength: 100, nullable: true),
                LockExpiresAt = table.Column<DateTime>(nullable: true),
                LastError = table.Column<string>(maxLength: 4000, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_engine_jobs", x => x.Id));

        migrationBuilder.CreateTable(
            name: "engine_message_subscriptions",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 36, nullable: false),
                MessageName = table.Column<string>(maxLength: 255, nullable: false),
                ProcessInstanceId = table.Column<string>(maxLength: 36, nullable: false),
                ExecutionId = table.Column<string>(maxLength: 36, nullable: false),
                ActivityId = table.Column<string>(maxLength: 255, nullable: false),
                BusinessKey = table.Column<string>(maxLength: 255, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_engine_message_subscriptions", x => x.Id));

        migrationBuilder.CreateTable(
            name: "engine_incidents",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 36, nullable: false),
                ProcessInstanceId = table.Column<string>(maxLength: 36, nullable: false),
                JobId = table.Column<string>(maxLength: 36, nullable: false),
                ActivityId = table.Column<string>(maxLength: 255, nullable: false),
                Message = table.Column<string>(maxLength: 4000, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_engine_incidents", x => x.Id));

        migrationBuilder.CreateTable(
            name: "engine_history_activities",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 36, nullable: false),
                ProcessInstanceId = table.Column<string>(maxLength: 36, nullable: false),
                ActivityId = table.Column<string>(maxLength: 255, nullable: false),
                ActivityType = table.Column<string>(maxLength: 50, nullable: false),
                ActivityName = table.Column<string>(maxLength: 500, nullable: true),
                StartedAt = table.Column<DateTime>(nullable: false),
                EndedAt = table.Column<DateTime>(nullable: true),
                CompletedBy = table.Column<string>(maxLength: 255, nullable: true),
                Canceled = table.Column<bool>(nullable: false),
                Sequence = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_engine_history_activities", x => x.Id));

        migrationBuilder.CreateTable(
            name: "engine_history_variables",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                ProcessInstanceId = table.Column<string>(maxLength: 36, nullable: false),
                Name = table.Column<string>(maxLength: 255, nullable: false),
                ValueJson = table.Column<string>(nullable: true),
                SetAt = table.Column<DateTime>(nullable: false),
                ActivityInstanceId = table.Column<string>(maxLength: 36, nullable: true),
                SetBy = table.Column<string>(maxLength: 255, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_engine_history_variables", x => x.Id));

        migrationBuilder.CreateIndex("IX_engine_definitions_Key_Version", "engine_definitions", ["Key", "Version"], unique: true);
        migrationBuilder.CreateIndex("IX_engine_instances_BusinessKey", "engine_instances", "BusinessKey");
        migrationBuilder.CreateIndex("IX_engine_instances_DefinitionKey_State", "engine_instances", ["DefinitionKey", "State"]);
        migrationBuilder.CreateIndex("IX_engine_instances_ParentInstanceId", "engine_instances", "ParentInstanceId");
        migrationBuilder.CreateIndex("IX_engine_tasks_Assignee", "engine_tasks", "Assignee");
        migrationBuilder.CreateIndex("IX_engine_tasks_DueAt", "engine_tasks", "DueAt");
        migrationBuilder.CreateIndex("IX_engine_tasks_ProcessInstanceId", "engine_tasks", "ProcessInstanceId");
        migrationBuilder.CreateIndex("IX_engine_task_candidates_Kind_Value", "engine_task_candidates", ["Kind", "Value"]);
        migrationBuilder.CreateIndex("IX_engine_task_candidates_TaskId", "engine_task_candidates", "TaskId");
        migrationBuilder.CreateIndex("IX_engine_jobs_DueAt", "engine_jobs", "DueAt");
        migrationBuilder.CreateIndex("IX_engine_jobs_ProcessInstanceId", "engine_jobs", "ProcessInstanceId");
        migrationBuilder.CreateIndex("IX_engine_message_subscriptions_MessageName_BusinessKey", "engine_message_subscriptions", ["MessageName", "BusinessKey"]);
        migrationBuilder.CreateIndex("IX_engine_message_subscriptions_ProcessInstanceId", "engine_message_subscriptions", "ProcessInstanceId");
        migrationBuilder.CreateIndex("IX_engine_incidents_ProcessInstanceId", "engine_incidents", "ProcessInstanceId");
        migrationBuilder.CreateIndex("IX_engine_history_activities_ProcessInstanceId", "engine_history_activities", "ProcessInstanceId");
        migrationBuilder.CreateIndex("IX_engine_history_variables_ProcessInstanceId", "engine_history_variables", "ProcessInstanceId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var table in new[]
                 {
                     "engine_history_variables", "engine_history_activities", "engine_incidents", "engine_message_subscriptions",
                     "engine_jobs", "engine_task_candidates", "engine_tasks", "engine_instances", "engine_definitions",
                 })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
