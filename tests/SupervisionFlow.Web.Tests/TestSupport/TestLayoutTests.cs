using System.Text.RegularExpressions;

namespace SupervisionFlow.Web.Tests.TestSupport;

/// <summary>
/// Test folders mirror the source folders they test (style.md), and a file's namespace is its folder, so a test is
/// found where its subject lives.
/// </summary>
public sealed partial class TestLayoutTests
{
    /// <summary>Folders that test no single source folder, with the reason.</summary>
    private static readonly Dictionary<string, string> OwnFolders = new(StringComparer.Ordinal)
    {
        ["TestSupport"] = "the shared host, fixtures and helpers every test folder uses",
        ["Scenarios"] = "whole handling walks across many areas (ScenarioWorld)",
        ["Hostile"] = "attacks on the whole host: sign-in, deployment, URLs",
    };

    /// <summary>Namespaces that differ from their folder, with the reason.</summary>
    private static readonly Dictionary<string, string> OwnNamespaces = new(StringComparer.Ordinal)
    {
        // A namespace ending in "Calendar" would hide members called Calendar imported with "using static".
        ["Domain/Calendar"] = "SupervisionFlow.Web.Tests.Domain.Calendars",
    };

    private static string TestsRoot => Path.Combine(RepoPaths.Root, "tests", "SupervisionFlow.Web.Tests");

    private static string SourceRoot => Path.Combine(RepoPaths.Root, "src", "SupervisionFlow.Web");

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex NamespacePattern();

    [Fact]
    public void EveryTestFolder_HasTheSourceFolderItTests()
    {
        var orphans = TestFolders()
            .Where(folder => !OwnFolders.ContainsKey(folder.Split('/')[0]))
            .Where(folder => !Directory.Exists(Path.Combine(SourceRoot, folder)))
            .ToList();

        Assert.True(orphans.Count == 0, "test folders without a source folder of that path under src/SupervisionFlow.Web: " + string.Join(", ", orphans));
    }

    [Fact]
    public void EveryTestFile_NamespaceIsItsFolder()
    {
        var wrong = new List<string>();
        foreach (var folder in TestFolders())
        {
            var expected = OwnNamespaces.TryGetValue(folder, out var own) ? own : "SupervisionFlow.Web.Tests." + folder.Replace('/', '.');
            foreach (var file in Directory.GetFiles(Path.Combine(TestsRoot, folder), "*.cs"))
            {
                var match = NamespacePattern().Match(File.ReadAllText(file));
                if (!match.Success || match.Groups[1].Value != expected)
                {
                    wrong.Add($"{folder}/{Path.GetFileName(file)} ({(match.Success ? match.Groups[1].Value : "no namespace")}, expected {expected})");
                }
            }
        }

        Assert.True(wrong.Count == 0, "files whose namespace is not their folder: " + string.Join(", ", wrong));
    }

    /// <summary>Every folder holding C# files, relative to the test project, with '/' separators.</summary>
    private static List<string> TestFolders() =>
        Directory.EnumerateFiles(TestsRoot, "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(TestsRoot, Path.GetDirectoryName(file)!).Replace('\\', '/'))
            .Where(folder => folder != "." && !folder.StartsWith("bin", StringComparison.Ordinal) && !folder.StartsWith("obj", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
}
