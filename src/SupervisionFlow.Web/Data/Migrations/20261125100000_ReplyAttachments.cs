using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SupervisionFlow.Web.Data.Migrations;

/// <summary>
/// <c>reply_attachments</c>: the files sent with a reply, bytes included (<c>ReplyAttachment</c>). Hand-written and
/// provider-neutral like <see cref="InitialEngineSchema"/>: <c>byte[]</c> becomes BLOB on SQLite and bytea on
/// PostgreSQL. <c>MigrationDriftTests</c> compares it with the model.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261125100000_ReplyAttachments")]
public sealed class ReplyAttachments : HandWrittenMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "reply_attachments",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                SuggestionId = table.Column<int>(nullable: false),
                ReplyId = table.Column<int>(nullable: false),
                FileName = table.Column<string>(maxLength: 200, nullable: false),
                ContentType = table.Column<string>(maxLength: 100, nullable: false),
                Size = table.Column<long>(nullable: false),
                Sha256 = table.Column<string>(maxLength: 64, nullable: false),
                Content = table.Column<byte[]>(nullable: false),
                UploadedBy = table.Column<string>(maxLength: 100, nullable: false),
                UploadedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_reply_attachments", x => x.Id);
                table.ForeignKey(
                    name: "FK_reply_attachments_replies_ReplyId",
                    column: x => x.ReplyId,
                    principalTable: "replies",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_reply_attachments_ReplyId", "reply_attachments", "ReplyId");
        migrationBuilder.CreateIndex("IX_reply_attachments_SuggestionId", "reply_attachments", "SuggestionId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("reply_attachments");
    }
}
