using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace SupervisionFlow.Web.Tests.Data;

/// <summary>
/// No SQL Server can run here, so the migrations are checked offline: EF writes the full SQL Server script without a
/// connection and ScriptDom — SQL Server's own T-SQL parser — must accept every statement.
/// </summary>
public sealed class SqlServerScriptTests
{
    [Fact]
    public void MigrationsScript_SqlServer_ParsesWithoutErrors()
    {
        var sql = SqlServerOffline.MigrationsScript();

        var (script, errors) = SqlServerOffline.Parse(sql);

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"line {e.Line}: {e.Message}")));
        var created = script.Batches.SelectMany(b => b.Statements).OfType<CreateTableStatement>()
            .Select(t => t.SchemaObjectName.BaseIdentifier.Value).ToList();
        Assert.Contains("engine_tasks", created);
        Assert.Contains("suggestions", created);
        Assert.Contains("reply_attachments", created);
        Assert.Contains("data_protection_keys", created);
        Assert.Contains("CREATE TABLE [users] (", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Parser_BrokenStatement_ReportsAnError()
    {
        // The check above is only as good as the parser's refusal: a script with a mistake in it must not pass.
        var (_, errors) = SqlServerOffline.Parse("CREATE TABLE [t] ([Id] int NOT NULL,, CONSTRAINT [PK_t] PRIMARY KEY ([Id]));");

        Assert.NotEmpty(errors);
    }

    [Fact]
    public void MigrationsScript_SqlServer_StoresTypesSqlServerCanIndexAndFill()
    {
        var sql = SqlServerOffline.MigrationsScript();

        Assert.Contains("[Id] int NOT NULL IDENTITY", sql, StringComparison.Ordinal);
        Assert.Contains("[Content] varbinary(max) NOT NULL", sql, StringComparison.Ordinal);
        Assert.Contains("[DueAt] datetime2 NULL", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("[Id] nvarchar(max) NOT NULL", sql, StringComparison.Ordinal);
    }
}
