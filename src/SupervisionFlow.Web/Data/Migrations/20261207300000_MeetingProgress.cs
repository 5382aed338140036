using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SupervisionFlow.Web.Data.Migrations;

/// <summary>
/// <c>assignment_meetings.PlanJson/PlanTotal/PlanDone</c>: a 交办会's confirmed list and its progress, so a big meeting
/// assigned in chunks resumes after a crash or a closed browser. Hand-written and provider-neutral like
/// <see cref="InitialEngineSchema"/>.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261207300000_MeetingProgress")]
public sealed class MeetingProgress : HandWrittenMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<string>(name: "PlanJson", table: "assignment_meetings", nullable: true);
        migrationBuilder.AddColumn<int>(name: "PlanTotal", table: "assignment_meetings", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<int>(name: "PlanDone", table: "assignment_meetings", nullable: false, defaultValue: 0);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropColumn(name: "PlanJson", table: "assignment_meetings");
        migrationBuilder.DropColumn(name: "PlanTotal", table: "assignment_meetings");
        migrationBuilder.DropColumn(name: "PlanDone", table: "assignment_meetings");
    }
}
