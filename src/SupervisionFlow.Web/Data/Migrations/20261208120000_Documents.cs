using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SupervisionFlow.Web.Data.Migrations;

/// <summary>
/// The documents' tables (<c>Domain/Documents</c>): <c>reply_documents</c> (the final 答复函 and sealed scans, bytes
/// included), <c>document_number_counters</c> (the 文号 serial per unit and year) and <c>template_uploads</c>.
/// Hand-written and provider-neutral like <see cref="InitialEngineSchema"/>; <c>MigrationDriftTests</c> compares it
/// with the model.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261208120000_Documents")]
public sealed class Documents : HandWrittenMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "reply_documents",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                SuggestionId = table.Column<int>(nullable: false),
                ReplyId = table.Column<int>(nullable: false),
                UnitId = table.Column<string>(maxLength: 50, nullable: false),
                Kind = table.Column<string>(maxLength: 20, nullable: false),
                DocumentNumber = table.Column<string>(maxLength: 100, nullable: true),
                Year = table.Column<int>(nullable: true),
                Serial = table.Column<int>(nullable: true),
                FileName = table.Column<string>(maxLength: 200, nullable: false),
                ContentType = table.Column<string>(maxLength: 100, nullable: false),
                Size = table.Column<long>(nullable: false),
                Sha256 = table.Column<string>(maxLength: 64, nullable: false),
                Content = table.Column<byte[]>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 100, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_reply_documents", x => x.Id));
        migrationBuilder.CreateIndex("IX_reply_documents_ReplyId", "reply_documents", "ReplyId");
        migrationBuilder.CreateIndex("IX_reply_documents_SuggestionId", "reply_documents", "SuggestionId");

        migrationBuilder.CreateTable(
            name: "document_number_counters",
            columns: table => new
            {
                UnitId = table.Column<string>(maxLength: 50, nullable: false),
                Year = table.Column<int>(nullable: false),
                LastSerial = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_document_number_counters", x => new { x.UnitId, x.Year }));

        migrationBuilder.CreateTable(
            name: "template_uploads",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                TemplateKey = table.Column<string>(maxLength: 50, nullable: false),
                FileName = table.Column<string>(maxLength: 200, nullable: false),
                Sha256 = table.Column<string>(maxLength: 64, nullable: false),
                Content = table.Column<byte[]>(nullable: false),
                UploadedBy = table.Column<string>(maxLength: 100, nullable: false),
                UploadedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_template_uploads", x => x.Id));
        migrationBuilder.CreateIndex("IX_template_uploads_TemplateKey", "template_uploads", "TemplateKey");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("template_uploads");
        migrationBuilder.DropTable("document_number_counters");
        migrationBuilder.DropTable("reply_documents");
    }
}
