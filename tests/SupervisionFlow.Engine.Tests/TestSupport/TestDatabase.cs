namespace SupervisionFlow.Engine.Tests.TestSupport;

/// <summary>The database providers the engine supports; each harness gets a fresh database of one of them.</summary>
public enum TestDatabase
{
    Sqlite,
    PostgreSql,
}

/// <summary>Which databases this run can use. PostgreSQL only when <c>tools/test.sh</c> (or the developer) set <c>SF_TEST_POSTGRES</c>.</summary>
public static class TestDatabases
{
    /// <summary>Connection string of a superuser on a throw-away cluster; the harness creates and drops its own databases there.</summary>
    public const string PostgresVariable = "SF_TEST_POSTGRES";

    public const string PostgresSkipReason =
        $"{PostgresVariable} is not set: run tools/test.sh, which starts a throw-away PostgreSQL cluster";

    public static string? PostgresConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    public static bool PostgresAvailable => PostgresConnectionString is not null;

    /// <summary>
    /// For <c>[MemberData(nameof(TestDatabases.AllDatabases), MemberType = typeof(TestDatabases))]</c>: SQLite always,
    /// PostgreSQL only when available. Prefer <see cref="SqliteDataAttribute"/> + <see cref="PostgresDataAttribute"/>, which shows PostgreSQL as skipped instead.
    /// </summary>
    public static TheoryData<TestDatabase> AllDatabases
    {
        get
        {
            var data = new TheoryData<TestDatabase> { TestDatabase.Sqlite };
            if (PostgresAvailable)
            {
                data.Add(TestDatabase.PostgreSql);
            }
            return data;
        }
    }
}
