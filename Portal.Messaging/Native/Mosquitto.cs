using System.Runtime.InteropServices;

namespace Portal.Messaging.Native;

/// <summary>libmosquitto 2.0.x entry points (Debian libmosquitto1; signatures in shared/PROTOCOLS.md §5).</summary>
internal static unsafe partial class Mosquitto
{
    private const string Library = "libmosquitto.so.1";

    public const int Success = 0;
    public const int ErrNoConn = 4;
    public const int ErrConnRefused = 5;
    public const int ErrConnLost = 7;
    public const int ErrErrno = 14;

    private static readonly Lock InitLock = new();
    private static bool _initialised;

    /// <summary>mosquitto_lib_init is not thread-safe, so every client goes through this once.</summary>
    public static void EnsureInitialised()
    {
        lock (InitLock)
        {
            if (!_initialised)
            {
                Check(lib_init(), "mosquitto_lib_init");
                _initialised = true;
            }
        }
    }

    public static void Check(int rc, string call)
    {
        if (rc != Success)
        {
            throw new MqttException($"{call} failed: {Describe(rc)}");
        }
    }

    /// <summary>Error text; for MOSQ_ERR_ERRNO the OS error is read straight after the failing call.</summary>
    public static string Describe(int rc, int osError = 0) =>
        rc == ErrErrno && osError != 0
            ? $"{Marshal.GetPInvokeErrorMessage(osError)} (errno {osError})"
            : $"{Marshal.PtrToStringUTF8(strerror(rc))} (rc {rc})";

    [LibraryImport(Library, EntryPoint = "mosquitto_lib_init")]
    private static partial int lib_init();

    [LibraryImport(Library, EntryPoint = "mosquitto_strerror")]
    private static partial nint strerror(int rc);

    [LibraryImport(Library, EntryPoint = "mosquitto_connack_string")]
    public static partial nint connack_string(int code);

    [LibraryImport(Library, EntryPoint = "mosquitto_new", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial nint @new(string id, [MarshalAs(UnmanagedType.U1)] bool cleanSession, nint obj);

    [LibraryImport(Library, EntryPoint = "mosquitto_destroy")]
    public static partial void destroy(nint mosq);

    [LibraryImport(Library, EntryPoint = "mosquitto_threaded_set")]
    public static partial int threaded_set(nint mosq, [MarshalAs(UnmanagedType.U1)] bool threaded);

    [LibraryImport(Library, EntryPoint = "mosquitto_int_option")]
    public static partial int int_option(nint mosq, int option, int value);

    [LibraryImport(Library, EntryPoint = "mosquitto_username_pw_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int username_pw_set(nint mosq, string? username, string? password);

    [LibraryImport(Library, EntryPoint = "mosquitto_will_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int will_set(nint mosq, string topic, int payloadLength, byte* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain);

    [LibraryImport(Library, EntryPoint = "mosquitto_tls_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int tls_set(nint mosq, string? caFile, string? caPath, string? certFile, string? keyFile, nint passwordCallback);

    [LibraryImport(Library, EntryPoint = "mosquitto_connect", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int connect(nint mosq, string host, int port, int keepalive);

    [LibraryImport(Library, EntryPoint = "mosquitto_reconnect", SetLastError = true)]
    public static partial int reconnect(nint mosq);

    [LibraryImport(Library, EntryPoint = "mosquitto_disconnect")]
    public static partial int disconnect(nint mosq);

    [LibraryImport(Library, EntryPoint = "mosquitto_loop", SetLastError = true)]
    public static partial int loop(nint mosq, int timeoutMs, int maxPackets);

    [LibraryImport(Library, EntryPoint = "mosquitto_publish", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int publish(nint mosq, int* mid, string topic, int payloadLength, byte* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain);

    [LibraryImport(Library, EntryPoint = "mosquitto_subscribe", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int subscribe(nint mosq, int* mid, string pattern, int qos);

    [LibraryImport(Library, EntryPoint = "mosquitto_connect_callback_set")]
    public static partial void connect_callback_set(nint mosq, delegate* unmanaged<nint, nint, int, void> callback);

    [LibraryImport(Library, EntryPoint = "mosquitto_disconnect_callback_set")]
    public static partial void disconnect_callback_set(nint mosq, delegate* unmanaged<nint, nint, int, void> callback);

    [LibraryImport(Library, EntryPoint = "mosquitto_publish_callback_set")]
    public static partial void publish_callback_set(nint mosq, delegate* unmanaged<nint, nint, int, void> callback);

    [LibraryImport(Library, EntryPoint = "mosquitto_subscribe_callback_set")]
    public static partial void subscribe_callback_set(nint mosq, delegate* unmanaged<nint, nint, int, int, int*, void> callback);

    [LibraryImport(Library, EntryPoint = "mosquitto_message_callback_set")]
    public static partial void message_callback_set(nint mosq, delegate* unmanaged<nint, nint, MosquittoMessage*, void> callback);

    /// <summary><c>struct mosquitto_message</c>; the payload is not NUL-terminated and is freed after the callback.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MosquittoMessage
    {
        public int Mid;
        public nint Topic;
        public nint Payload;
        public int PayloadLength;
        public int Qos;
        public byte Retain;
    }
}
