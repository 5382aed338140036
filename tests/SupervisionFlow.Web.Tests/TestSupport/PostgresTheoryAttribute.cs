namespace SupervisionFlow.Web.Tests.TestSupport;

/// <summary>A theory that needs PostgreSQL: reported as skipped (not silently absent) when <c>SF_TEST_POSTGRES</c> is empty.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (TestPostgres.ServerConnectionString is null)
        {
            Skip = $"{TestPostgres.Variable} is not set: run tools/test.sh, which starts a throw-away PostgreSQL cluster";
        }
    }
}
