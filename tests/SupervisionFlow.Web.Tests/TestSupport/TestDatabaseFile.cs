using Microsoft.Data.Sqlite;

namespace SupervisionFlow.Web.Tests.TestSupport;

/// <summary>
/// A SQLite file of one test (or of several hosts of one test); deleted, with its WAL files and the Hangfire storage a
/// host keeps beside it, on dispose.
/// </summary>
public sealed class TestDatabaseFile : IDisposable
{
    public TestDatabaseFile()
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "supervisionflow-web-tests");
        Directory.CreateDirectory(folder);
        Path = System.IO.Path.Combine(folder, $"{Guid.NewGuid():N}.db");
    }

    public string Path { get; }

    public string ConnectionString => $"Data Source={Path}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        var hangfire = Web.Scheduling.SchedulingStorage.SqliteFileBeside(Path);
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm", hangfire, hangfire + "-wal", hangfire + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Left in the temp folder; harmless.
            }
        }
    }
}
