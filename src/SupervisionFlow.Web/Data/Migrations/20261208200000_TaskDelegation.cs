using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SupervisionFlow.Web.Data.Migrations;

/// <summary>
/// <c>engine_tasks.Owner</c> and <c>DelegationState</c>: Camunda's delegation of a task (the owner gets it back when
/// the delegate resolves it). Hand-written and provider-neutral like the others.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261208200000_TaskDelegation")]
public sealed class TaskDelegation : HandWrittenMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<string>(name: "Owner", table: "engine_tasks", maxLength: 255, nullable: true);
        migrationBuilder.AddColumn<string>(name: "DelegationState", table: "engine_tasks", maxLength: 16, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropColumn(name: "DelegationState", table: "engine_tasks");
        migrationBuilder.DropColumn(name: "Owner", table: "engine_tasks");
    }
}
