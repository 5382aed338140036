using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SupervisionFlow.Web.Data.Migrations;

/// <summary>
/// <c>suggestion_comments</c>: the 沟通记录 of a suggestion (<c>SuggestionComment</c>). The body has no length in the
/// schema: its limit is configuration (<c>Comments:MaxLength</c>). Hand-written and provider-neutral like the others;
/// <c>MigrationDriftTests</c> compares it with the model.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261209200000_SuggestionComments")]
public sealed class SuggestionComments : HandWrittenMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "suggestion_comments",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                SuggestionId = table.Column<int>(nullable: false),
                Audience = table.Column<string>(maxLength: 20, nullable: false),
                AuthorKind = table.Column<string>(maxLength: 10, nullable: false),
                AuthorUnitId = table.Column<string>(maxLength: 50, nullable: true),
                AuthorUserName = table.Column<string>(maxLength: 100, nullable: false),
                AuthorName = table.Column<string>(maxLength: 100, nullable: false),
                Body = table.Column<string>(nullable: false),
                PostedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_suggestion_comments", x => x.Id));
        migrationBuilder.CreateIndex("IX_suggestion_comments_SuggestionId", "suggestion_comments", "SuggestionId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("suggestion_comments");
    }
}
