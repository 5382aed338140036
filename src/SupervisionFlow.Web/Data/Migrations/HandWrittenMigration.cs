using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SupervisionFlow.Web.Data.Migrations;

/// <summary>
/// Base of the hand-written, provider-neutral migrations. Their target model is empty but for the EF version that
/// wrote them: without it SQL Server's generator treats them as written before EF Core 2.0 and adds
/// <c>WHERE … IS NOT NULL</c> to every unique index, NOT NULL columns included — an index the model does not have
/// (<c>MigrationDriftTests</c> compares the two). SQLite and PostgreSQL read nothing from it.
/// </summary>
public abstract class HandWrittenMigration : Migration
{
    protected override void BuildTargetModel(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.HasAnnotation("ProductVersion", "10.0.15");
    }
}
