namespace SupervisionFlow.Web.Data;

/// <summary>Section <c>Database</c>: which EF Core provider stores everything.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public const string ConnectionStringName = "SupervisionFlow";

    public const string DefaultConnectionString = "Data Source=data/supervisionflow.db";

    /// <summary>
    /// <see cref="DatabaseProvider.Sqlite"/> (embedded default), <see cref="DatabaseProvider.PostgreSQL"/> or
    /// <see cref="DatabaseProvider.SqlServer"/>.
    /// </summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>How long <c>/readyz</c> waits for the database before it answers 503.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.1", "00:05:00")]
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// SQLite only: <c>PRAGMA synchronous</c> on every connection (<see cref="SqlitePragmaInterceptor"/>). The file
    /// runs in WAL mode, where <see cref="SqliteSynchronous.Normal"/> loses no committed transaction on a process crash.
    /// </summary>
    [System.ComponentModel.DataAnnotations.EnumDataType(typeof(SqliteSynchronous))]
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqlitePragmas.DefaultSynchronous;

    /// <summary>
    /// SQLite only: <c>PRAGMA wal_autocheckpoint</c> on every connection — the WAL pages after which a commit checkpoints
    /// (why 10,000 and not SQLite's 1,000: <see cref="SqlitePragmas.DefaultWalAutoCheckpointPages"/>).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(SqlitePragmas.MinWalAutoCheckpointPages, SqlitePragmas.MaxWalAutoCheckpointPages)]
    public int SqliteWalAutoCheckpointPages { get; set; } = SqlitePragmas.DefaultWalAutoCheckpointPages;

    /// <summary>
    /// SQLite only: when the planner statistics are refreshed (<see cref="SqliteStatisticsJob"/>, a Hangfire cron in
    /// UTC; also once after each start). Hourly by default; a cron Hangfire cannot read stops the host at start.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Required]
    public string SqliteOptimizeCron { get; set; } = "17 * * * *";

    /// <summary>
    /// PostgreSQL only: Npgsql's <c>Max Auto Prepare</c> when the connection string does not set it — how many statements
    /// each connection keeps prepared once used five times, so the server parses and plans them once instead of per
    /// call (the seed tool's intake: 54.6–64.7 → 76.5–92.4 suggestions/s). 0 turns it off (a pooler in transaction mode
    /// that cannot keep prepared statements).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 1000)]
    public int PostgresMaxAutoPrepare { get; set; } = DefaultPostgresMaxAutoPrepare;

    public const int DefaultPostgresMaxAutoPrepare = 64;
}

public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,

    /// <summary>
    /// Microsoft SQL Server. Its schema is generated and parsed in the tests, never run here (no server can run on
    /// these machines); its persistence tests run where <c>SF_TEST_SQLSERVER</c> names a server.
    /// </summary>
    SqlServer,
}
