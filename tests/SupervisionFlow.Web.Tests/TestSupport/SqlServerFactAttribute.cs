namespace SupervisionFlow.Web.Tests.TestSupport;

/// <summary>A fact that needs SQL Server: reported as skipped (not silently absent) when <c>SF_TEST_SQLSERVER</c> is empty.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SqlServerFactAttribute : FactAttribute
{
    public SqlServerFactAttribute()
    {
        if (TestSqlServer.ServerConnectionString is null)
        {
            Skip = $"{TestSqlServer.Variable} is not set: no SQL Server runs on this machine (the schema is checked offline instead)";
        }
    }
}
