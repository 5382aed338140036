using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace SupervisionFlow.Web.Data;

public static class DatabaseExtensions
{
    // A writer that finds the SQLite file locked waits this long (Microsoft.Data.Sqlite retries SQLITE_BUSY until
    // the command timeout) instead of failing at once: the sweep and API requests write concurrently.
    private const int SqliteBusyTimeoutSeconds = 30;

    /// <summary>Registers <see cref="AppDbContext"/> (scoped) and its factory (for the engine) on the configured provider.</summary>
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Configuration is read when the first context is made, not here, so test hosts can override it.
        builder.Services.AddDbContextFactory<AppDbContext>((services, options) =>
        {
            var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var connectionString = ResolveConnectionString(
                services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>(), database.Provider);
            Configure(options, database.Provider, connectionString,
                new SqlitePragmas(database.SqliteSynchronous, database.SqliteWalAutoCheckpointPages), database.PostgresMaxAutoPrepare);
        });
        return builder;
    }

    /// <summary>
    /// Points <paramref name="options"/> at the provider; shared with tests that build contexts by hand. On SQLite every
    /// connection gets <paramref name="sqlite"/> (<c>Database:SqliteSynchronous</c>, <c>SqliteWalAutoCheckpointPages</c>;
    /// the host's defaults when null); on PostgreSQL statements are
    /// prepared after five uses (<paramref name="postgresMaxAutoPrepare"/>, <c>Database:PostgresMaxAutoPrepare</c>).
    /// </summary>
    public static DbContextOptionsBuilder Configure(
        DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString, SqlitePragmas? sqlite = null,
        int postgresMaxAutoPrepare = DatabaseOptions.DefaultPostgresMaxAutoPrepare)
    {
        _ = provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(connectionString).AddInterceptors(SqlitePragmaInterceptor.For(sqlite ?? SqlitePragmas.HostDefaults)),
            DatabaseProvider.PostgreSQL => options.UseNpgsql(WithAutoPrepare(connectionString, postgresMaxAutoPrepare)),
            DatabaseProvider.SqlServer => options.UseSqlServer(connectionString),
            _ => throw new InvalidOperationException($"Database:Provider '{provider}' is not supported: use Sqlite, PostgreSQL or SqlServer."),
        };
        // The migrations are hand-written and provider-neutral (README, "Database migrations") and have no model
        // snapshot, so EF always sees "pending model changes". The migration-drift tests guard what this warning
        // would, on all three providers.
        return options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    /// <summary>
    /// <c>ConnectionStrings:SupervisionFlow</c>, default <c>Data Source=data/supervisionflow.db</c>. A relative SQLite
    /// file is resolved against the content root (the repository root under <c>dotnet run</c>) and its folder created.
    /// </summary>
    public static string ResolveConnectionString(IConfiguration configuration, IHostEnvironment environment, DatabaseProvider provider)
    {
        var configured = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        var connectionString = string.IsNullOrWhiteSpace(configured)
            ? provider == DatabaseProvider.Sqlite ? DatabaseOptions.DefaultConnectionString : null
            : configured;
        if (connectionString is null)
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{DatabaseOptions.ConnectionStringName} must be set when Database:Provider is {provider}.");
        }
        return provider == DatabaseProvider.Sqlite ? PrepareSqlite(connectionString, environment.ContentRootPath) : connectionString;
    }

    /// <summary>
    /// A PostgreSQL connection string with <c>Max Auto Prepare</c> (<c>Database:PostgresMaxAutoPrepare</c>) unless it
    /// sets its own: most of a command's statements repeat, and planning them was a large share of the server's work.
    /// </summary>
    public static string WithAutoPrepare(string connectionString, int maxAutoPrepare)
    {
        // The keys as written (a plain builder): Npgsql's own answers "set" for every keyword it knows.
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (maxAutoPrepare <= 0 || written.ContainsKey("Max Auto Prepare") || written.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = maxAutoPrepare }.ConnectionString;
    }

    private static string PrepareSqlite(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var isFile = builder.Mode != SqliteOpenMode.Memory
                     && !string.IsNullOrEmpty(builder.DataSource)
                     && builder.DataSource != ":memory:"
                     && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        if (isFile)
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource, contentRoot);
            var directory = Path.GetDirectoryName(builder.DataSource);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        if (!connectionString.Contains("Default Timeout", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("DefaultTimeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.DefaultTimeout = SqliteBusyTimeoutSeconds;
        }
        return builder.ToString();
    }

    /// <summary>Applies the migrations; on SQLite also switches the file to WAL so readers never block the writer.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (db.Database.IsSqlite())
        {
            // journal_mode=WAL is stored in the file itself: once is enough, and it must precede the first writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }
        // Cold start (issue #10): MigrateAsync takes the migrations lock and compares the model with the last
        // migration's snapshot (EF's pending-model-changes check) on every start, which builds both models: seconds.
        // With every migration applied there is nothing for it to do, and reading the history table says so. That the
        // migrations match the model is what MigrationDriftTests check, before a release rather than at each start.
        var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false);
        if (!pending.Any())
        {
            return;
        }
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
    }
}
