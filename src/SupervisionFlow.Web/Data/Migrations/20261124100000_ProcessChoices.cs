using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SupervisionFlow.Web.Data.Migrations;

/// <summary>
/// <c>process_choices</c>: which deployed process new suggestions of each kind start (<c>ProcessSelection</c>).
/// Hand-written and provider-neutral like <see cref="InitialEngineSchema"/>; <c>MigrationDriftTests</c> compares it
/// with the model.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261124100000_ProcessChoices")]
public sealed class ProcessChoices : HandWrittenMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "process_choices",
            columns: table => new
            {
                Slot = table.Column<string>(maxLength: 20, nullable: false),
                DefinitionKey = table.Column<string>(maxLength: 255, nullable: false),
                Version = table.Column<int>(nullable: true),
                ChangedBy = table.Column<string>(maxLength: 100, nullable: false),
                ChangedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_process_choices", x => x.Slot));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("process_choices");
    }
}
