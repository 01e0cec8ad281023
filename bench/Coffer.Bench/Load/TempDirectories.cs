namespace Coffer.Bench.Load;

/// <summary>Removes the harness's temporary data directories.</summary>
internal static class TempDirectories
{
    public static void Delete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Could not remove {directory.FullName}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"Could not remove {directory.FullName}: {e.Message}");
        }
    }
}
