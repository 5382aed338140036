using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using SupervisionFlow.Web.Data;

namespace SupervisionFlow.Web.Tests.Data;

/// <summary>
/// The host's model as SQL Server sees it, checked for what a SQL Server accepts in a script but refuses when the
/// CREATE runs. The helper's own tests below prove each check can fail.
/// </summary>
public sealed class SqlServerModelTests
{
    [Fact]
    public void Model_SqlServer_HasNoMultipleCascadePaths()
    {
        var model = RelationalModel();

        Assert.Empty(SqlServerLimits.CascadeConflicts(model));
        Assert.Contains(model.Tables.SelectMany(t => t.ForeignKeyConstraints), fk => fk.OnDeleteAction == ReferentialAction.Cascade);
    }

    [Fact]
    public void Model_SqlServer_IndexKeysFitSqlServersLimits()
    {
        var model = RelationalModel();

        Assert.Empty(SqlServerLimits.OversizedKeys(model));
        Assert.Equal("nvarchar(128)", model.FindTable("user_tokens", null)!.FindColumn("LoginProvider")!.StoreType);
    }

    [Fact]
    public void Model_SqliteAndPostgreSql_KeepUnboundedIdentityKeys()
    {
        // The SQL Server lengths stay SQL Server's: the other providers' schema does not change.
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseExtensions.Configure(options, DatabaseProvider.PostgreSQL, "Host=none");
        using var db = new AppDbContext(options.Options);

        Assert.Equal("text", db.GetService<IDesignTimeModel>().Model.GetRelationalModel().FindTable("users", null)!.FindColumn("Id")!.StoreType);
    }

    [Theory]
    [InlineData("nvarchar(450)", 900)]
    [InlineData("varchar(100)", 100)]
    [InlineData("int", 4)]
    [InlineData("datetime2", 8)]
    [InlineData("decimal(18,2)", 17)]
    [InlineData("nvarchar(max)", null)]
    [InlineData("varbinary(max)", null)]
    public void KeyBytes_SqlServerType_IsItsIndexKeySize(string storeType, int? bytes) =>
        Assert.Equal(bytes, SqlServerLimits.KeyBytes(storeType));

    [Fact]
    public void Checks_ModelWithTwoCascadePathsAndAWideKey_ReportBoth()
    {
        using var db = new BadShapes();
        var model = db.GetService<IDesignTimeModel>().Model.GetRelationalModel();

        var cascades = SqlServerLimits.CascadeConflicts(model);
        var keys = SqlServerLimits.OversizedKeys(model);

        Assert.Contains(cascades, c => c.StartsWith("owners -> items by 2 cascade paths", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.Contains("IX_items_Title_Code", StringComparison.Ordinal) && k.Contains("1800 bytes", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.Contains("Notes nvarchar(max) cannot be an index key column", StringComparison.Ordinal));
    }

    private static IRelationalModel RelationalModel()
    {
        using var db = SqlServerOffline.Context();
        return db.GetService<IDesignTimeModel>().Model.GetRelationalModel();
    }

    /// <summary>owners → folders → items and owners → items, both cascading; a 1,800-byte index; an nvarchar(max) key.</summary>
    private sealed class BadShapes : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
            optionsBuilder.UseSqlServer("Server=none;Database=none;User ID=none;Password=none");

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Owner>().ToTable("owners");
            modelBuilder.Entity<Folder>().ToTable("folders")
                .HasOne<Owner>().WithMany().HasForeignKey(f => f.OwnerId).OnDelete(DeleteBehavior.Cascade);
            modelBuilder.Entity<Item>(item =>
            {
                item.ToTable("items");
                item.HasOne<Owner>().WithMany().HasForeignKey(i => i.OwnerId).OnDelete(DeleteBehavior.Cascade);
                item.HasOne<Folder>().WithMany().HasForeignKey(i => i.FolderId).OnDelete(DeleteBehavior.Cascade);
                item.Property(i => i.Title).HasMaxLength(500);
                item.Property(i => i.Code).HasMaxLength(400);
                item.HasIndex(i => new { i.Title, i.Code });
                item.HasIndex(i => i.Notes);
                item.Property(i => i.Notes).HasColumnType("nvarchar(max)");
            });
        }
    }

    private sealed record Owner(int Id);

    private sealed record Folder(int Id, int OwnerId);

    private sealed record Item(int Id, int OwnerId, int FolderId, string Title, string Code, string Notes);
}
