using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SupervisionFlow.Web.Data.Migrations;

/// <summary>
/// Covering indexes for the dashboard's figures and the 考核 (see <c>StatisticsIndexesConfiguration</c>): the grouped
/// counts read the index, not the tens of megabytes of suggestion texts. Hand-written and provider-neutral like the others.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261212300000_StatisticsIndexes")]
public sealed class StatisticsIndexes : HandWrittenMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateIndex(
            "IX_suggestions_Statistics", "suggestions",
            ["Term", "Session", "Kind", "Number", "State", "Category", "FormedBy", "ResultClass", "IsKey", "AssignedAt", "ReplyDueOn", "FirstRepliedAt", "Id"]);
        migrationBuilder.CreateIndex("IX_suggestion_units_Statistics", "suggestion_units", ["SuggestionId", "Id", "IsActive", "Role", "UnitId", "AcknowledgedAt"]);
        migrationBuilder.CreateIndex("IX_evaluations_Statistics", "evaluations", ["SuggestionId", "Id", "Round", "NotEvaluated", "Result"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropIndex("IX_evaluations_Statistics", "evaluations");
        migrationBuilder.DropIndex("IX_suggestion_units_Statistics", "suggestion_units");
        migrationBuilder.DropIndex("IX_suggestions_Statistics", "suggestions");
    }
}
