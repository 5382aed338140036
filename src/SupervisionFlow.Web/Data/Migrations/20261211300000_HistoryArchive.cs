using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SupervisionFlow.Web.Data.Migrations;

/// <summary>
/// <c>archived_suggestions</c> (where each archived suggestion's engine history lives) and <c>history_archive_runs</c>
/// (what each run of the archiver moved). Hand-written and provider-neutral like the others.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261211300000_HistoryArchive")]
public sealed class HistoryArchive : HandWrittenMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "archived_suggestions",
            columns: table => new
            {
                SuggestionId = table.Column<int>(nullable: false),
                Term = table.Column<int>(nullable: false),
                FileName = table.Column<string>(maxLength: 200, nullable: false),
                Offset = table.Column<long>(nullable: false),
                Length = table.Column<int>(nullable: false),
                Sha256 = table.Column<string>(maxLength: 64, nullable: false),
                Instances = table.Column<int>(nullable: false),
                ActivityRows = table.Column<int>(nullable: false),
                VariableRows = table.Column<int>(nullable: false),
                ArchivedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_archived_suggestions", x => x.SuggestionId));
        migrationBuilder.CreateTable(
            name: "history_archive_runs",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                Trigger = table.Column<string>(maxLength: 20, nullable: false),
                State = table.Column<string>(maxLength: 16, nullable: false),
                BeforeTerm = table.Column<int>(nullable: false),
                Chunks = table.Column<int>(nullable: false),
                Suggestions = table.Column<int>(nullable: false),
                Instances = table.Column<int>(nullable: false),
                ActivityRows = table.Column<int>(nullable: false),
                VariableRows = table.Column<int>(nullable: false),
                Seconds = table.Column<double>(nullable: false),
                Error = table.Column<string>(maxLength: 4000, nullable: true),
                StartedAt = table.Column<DateTime>(nullable: false),
                FinishedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_history_archive_runs", x => x.Id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable(name: "history_archive_runs");
        migrationBuilder.DropTable(name: "archived_suggestions");
    }
}
