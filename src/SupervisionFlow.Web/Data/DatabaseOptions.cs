namespace SupervisionFlow.Web.Data;

/// <summary>Section <c>Database</c>: which EF Core provider stores everything.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public const string ConnectionStringName = "SupervisionFlow";

    public const string DefaultConnectionString = "Data Source=data/supervisionflow.db";

    /// <summary><see cref="DatabaseProvider.Sqlite"/> (embedded default) or <see cref="DatabaseProvider.PostgreSQL"/>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
}
