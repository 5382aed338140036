using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using SupervisionFlow.Web.Data;

namespace SupervisionFlow.Web.Tests.Data;

/// <summary>
/// The host's context on the SQL Server provider without a server: the connection string names nothing and is never
/// opened. EF generates both scripts (the migrations', the model's) offline; ScriptDom parses them as SQL Server would.
/// </summary>
internal static class SqlServerOffline
{
    private const string NoServer = "Server=none;Database=SupervisionFlow;Integrated Security=false;User ID=none;Password=none";

    public static AppDbContext Context()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseExtensions.Configure(options, DatabaseProvider.SqlServer, NoServer);
        return new AppDbContext(options.Options);
    }

    /// <summary>Every migration from the empty database to the last, as <c>dotnet ef migrations script</c> writes it.</summary>
    public static string MigrationsScript()
    {
        using var db = Context();
        return db.GetService<IMigrator>().GenerateScript();
    }

    /// <summary>The schema EF would create from the current model (<c>EnsureCreated</c>'s script).</summary>
    public static string ModelScript()
    {
        using var db = Context();
        return db.Database.GenerateCreateScript();
    }

    /// <summary>Parses T-SQL with SQL Server 2025's grammar (TSql170); the errors are SQL Server's own parse errors.</summary>
    public static (TSqlScript Script, IList<ParseError> Errors) Parse(string sql)
    {
        using var reader = new StringReader(sql);
        var fragment = new TSql170Parser(initialQuotedIdentifiers: true).Parse(reader, out var errors);
        return ((TSqlScript)fragment, errors);
    }
}
