using System.CommandLine;
using Coffer.Core.Audit;
using Coffer.Core.Crypto;
using Coffer.Core.Storage;
using System.Text.Json;
using Coffer.Server.Hosting;

namespace Coffer.Cli.Commands;

/// <summary>
/// How the offline commands (<c>coffer audit</c>, <c>root-key</c>, <c>keyring</c>) reach the database, the root key and the audit
/// chain key, and turn their failures into exit codes.
/// </summary>
internal sealed class AuditStoreAccess
{
    private readonly Option<string> _dataDir = CommonOptions.DataDirectory();
    private readonly Option<string?> _database = CommonOptions.Database();

    /// <summary>Adds <c>--data-dir</c> and <c>--database</c> to <paramref name="command"/>, for it and every subcommand.</summary>
    public Command WithStoreOptions(Command command)
    {
        foreach (var option in new Option[] { _dataDir, _database })
        {
            option.Recursive = true;
            command.Options.Add(option);
        }

        return command;
    }

    public static Option<string?> ChainKeyFileOption() => new("--chain-key-file")
    {
        Description = "A file holding the audit chain key (base64, from `coffer audit chain-key`), instead of the root key.",
    };

    public CofferOptions Options(ParseResult result) => new()
    {
        DataDirectory = Path.GetFullPath(result.GetValue(_dataDir)!),
        Database = CommonOptions.DatabaseOf(result, _database),
        RootKey = Environment.GetEnvironmentVariable("COFFER_ROOT_KEY"),
    };

    /// <summary>The chain from <c>--chain-key-file</c>, else the keyring's chain key (<paramref name="keyring"/>'s, or the database's when null).</summary>
    /// <exception cref="FileNotFoundException">No chain key file was given and there is no root key.</exception>
    public static async Task<AuditChain> ChainAsync(ParseResult result, CofferOptions options, Option<string?> chainKeyFile, IKeyringStore? keyring) =>
        result.GetValue(chainKeyFile) is { } keyFile
            ? new AuditChain(Convert.FromBase64String(File.ReadAllText(keyFile).Trim()))
            : new AuditChain(keyring is null ? await StoredOrDerivedChainKeyAsync(options) : await ChainKeyAsync(keyring, options));

    /// <summary>
    /// The chain key, for commands that may run without a database (a segment file): the database's when there is one, else the key a
    /// keyring that never kept one derives from the root key.
    /// </summary>
    public static async Task<byte[]> StoredOrDerivedChainKeyAsync(CofferOptions options)
    {
        if (!StorageSelection.Exists(options))
        {
            return RootKey(options).DeriveKey(AuditChain.KeyPurpose);
        }

        await using var storage = await StorageSelection.OpenAsync(options, CancellationToken.None);
        return await ChainKeyAsync(storage.Keyring, options);
    }

    private static async Task<byte[]> ChainKeyAsync(IKeyringStore keyring, CofferOptions options) =>
        (await Keyring.LoadAsync(keyring, RootKey(options), TimeProvider.System, CancellationToken.None)).AuditChainKey;

    public static RootKey RootKey(CofferOptions options) =>
        options.RootKey is { Length: > 0 } configured ? Core.Crypto.RootKey.FromBase64(configured)
        : File.Exists(options.RootKeyPath) ? Core.Crypto.RootKey.FromBase64(File.ReadAllText(options.RootKeyPath))
        : throw new FileNotFoundException($"No root key: {options.RootKeyPath} is missing and COFFER_ROOT_KEY is not set.");

    /// <summary>Runs <paramref name="work"/> on the keyring with the root key it is (or, during a rotation, was) wrapped under.</summary>
    public Task<int> RunKeyringAsync(ParseResult result, Func<IKeyringStore, CofferOptions, RootKey, Task<int>> work) =>
        RunAsync(result, (storage, options) => work(storage.Keyring, options, RootKey(options)));

    public async Task<int> RunAsync(ParseResult result, Func<ICofferStorage, CofferOptions, Task<int>> work)
    {
        var options = Options(result);
        if (!StorageSelection.Exists(options))
        {
            await Console.Error.WriteLineAsync($"No Coffer database at {options.DatabasePath}.");
            return ExitCodes.NotFound;
        }

        return await FailuresAsync(async () =>
        {
            await using var storage = await StorageSelection.OpenAsync(options, CancellationToken.None);
            return await work(storage, options);
        });
    }

    /// <summary>Runs <paramref name="work"/>, answering the failures a user can cause with a message and an exit code.</summary>
    public static async Task<int> FailuresAsync(Func<Task<int>> work)
    {
        try
        {
            return await work();
        }
        catch (InvalidOperationException e) when (StorageSelection.IsInvalidOptions(e))
        {
            await Console.Error.WriteLineAsync(e.Message);
            return ExitCodes.BadInput;
        }
        catch (AuditChainBrokenException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return ExitCodes.AuditChainBroken;
        }
        catch (AuditPruneRefusedException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return ExitCodes.Conflict;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or System.Data.Common.DbException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return ExitCodes.Other;
        }
    }
}
