using System.Reflection;
using Xunit.Sdk;

namespace SupervisionFlow.Engine.Tests.TestSupport;

/// <summary>A fact that needs PostgreSQL: reported as skipped (not silently absent) when <c>SF_TEST_POSTGRES</c> is missing.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabases.PostgresAvailable)
        {
            Skip = TestDatabases.PostgresSkipReason;
        }
    }
}

/// <summary>A theory that needs PostgreSQL in every case; skipped as a whole when <c>SF_TEST_POSTGRES</c> is missing.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (!TestDatabases.PostgresAvailable)
        {
            Skip = TestDatabases.PostgresSkipReason;
        }
    }
}

/// <summary>
/// The SQLite case of a <c>[Theory]</c> whose only parameter is a <see cref="TestDatabase"/>; pair it with
/// <see cref="PostgresDataAttribute"/> to run the test on both: <c>[Theory, SqliteData, PostgresData]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SqliteDataAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        yield return [TestDatabase.Sqlite];
    }
}

/// <summary>
/// The PostgreSQL case of a <c>[Theory]</c> taking a <see cref="TestDatabase"/>:
/// <c>[Theory, SqliteData, PostgresData]</c>. Shows as skipped when <c>SF_TEST_POSTGRES</c> is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresDataAttribute : DataAttribute
{
    public PostgresDataAttribute()
    {
        if (!TestDatabases.PostgresAvailable)
        {
            Skip = TestDatabases.PostgresSkipReason;
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        yield return [TestDatabase.PostgreSql];
    }
}
