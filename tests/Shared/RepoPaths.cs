namespace SupervisionFlow.Tests.Shared;

/// <summary>
/// Paths in the repository the tests run from (the folder holding SupervisionFlow.sln). One file, linked into every
/// test project (see their .csproj), so the search for the root is written once.
/// </summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Workflows => Path.Combine(Root, "workflows");

    public static string Calendars => Path.Combine(Root, "workflows", "calendars");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupervisionFlow.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("SupervisionFlow.sln not found above " + AppContext.BaseDirectory);
    }
}
