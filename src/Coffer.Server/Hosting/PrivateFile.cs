namespace Coffer.Server.Hosting;

/// <summary>Writes files only their owner can read (mode 0600 on Unix), created that way rather than chmod-ed after.</summary>
internal static class PrivateFile
{
    public static void WriteAllText(string path, string contents)
    {
        var temporary = path + ".tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(contents);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
