Attribute VB_Name = "CareersCheck"
' Careers Plan add-in: the "Check plan" button.
'
' Looks at every action on every plan sheet and lists what needs attention on a sheet
' called "Check results", one line per problem, with a link you can click to jump to the
' cell. The rules and their wording are those of the careers-xl "check" command:
'   - an action with no lead;
'   - an end point that has passed, and the action is not Complete. End points count
'     whether they are real dates or typed ("Mar-26", "07.10.26", "31/03/2026", "w/c
'     13/1/26"); a half-term ("Autumn 2", "Oct half term") means its last day;
'     "Ongoing" or "TBC" is never overdue;
'   - an action marked Green or Complete with an empty evidence list;
'   - what careers-xl notices while reading the plan: an end point it cannot read as a
'     date, or outside the plan's academic year; a RAG word it does not know, or a RAG
'     word and a cell colour that disagree (a RAG shown only by the cell's colour counts);
'     actions with no objective; a period with details but no action; notes in a row with
'     no action; a hidden row (read all the same).
' Nothing in your plan is changed: only the "Check results" sheet is rewritten.
Option Explicit

' Findings start on this row of the "Check results" sheet (rows above are the heading).
Private Const FIRST_FINDING_ROW As Long = 4

' Run the check on the workbook you are looking at and say how it went.
Public Sub CheckPlan()
    Dim found As Long
    found = CheckWorkbook()
    If found = 0 Then
        Tell "No problems found in the plan.", vbInformation, "Check plan"
    Else
        Tell found & " thing(s) to look at: see the '" & CHECK_SHEET & "' sheet." & vbCr & _
             "Click a link in column A to go to the cell.", vbExclamation, "Check plan"
    End If
End Sub

' Check a workbook (the active one if none is given) without any message boxes, judging
' overdue actions as of today (or the date given). Writes the "Check results" sheet and
' returns the number of problems found.
Public Function CheckWorkbook(Optional ByVal wb As Variant, Optional ByVal asOf As Variant) As Long
    Dim book As Object, ws As Object, report As Object, nextRow As Long, yearStart As Long
    Dim today As Date, i As Long
    ForgetLayouts
    today = Date
    If Not IsMissing(asOf) Then today = asOf
    Set book = PlanBook(wb)
    yearStart = PlanYear(book)
    Set report = ResultsSheet(book)
    nextRow = FIRST_FINDING_ROW
    For i = 1 To YearProblemCells.Count
        AddFinding report, nextRow, YearProblemCells(i), YearProblemTexts(i), ""
    Next i
    If yearStart = 0 Then
        yearStart = YearOfEndPoints(book)
        If yearStart > 0 Then
            AddFinding report, nextRow, Nothing, "No academic year found on a Cover sheet or " & _
                       "in a title; careers-xl assumed " & AcademicYearText(yearStart) & _
                       " from the end point dates.", ""
        Else
            AddFinding report, nextRow, Nothing, "No academic year found: half-term end " & _
                       "points have no due date.", ""
        End If
    End If
    For Each ws In book.Worksheets
        If FindHeaderRow(ws) > 0 Then CheckSheet ws, yearStart, today, report, nextRow
    Next ws
    CheckWorkbook = nextRow - FIRST_FINDING_ROW
    report.Cells(2, 1).Value = "Checked on " & LongDate(today) & ": " & _
                               CheckWorkbook & " problem(s) found."
End Function

' The same check, as of a date written 2026-03-31 (for tests and comparisons).
Public Function CheckWorkbookAsOf(ByVal isoDate As String) As Long
    CheckWorkbookAsOf = CheckWorkbook(PlanBook(), DateSerial(Val(Left$(isoDate, 4)), _
                                      Val(Mid$(isoDate, 6, 2)), Val(Mid$(isoDate, 9, 2))))
End Function

' The "Check results" sheet, emptied and given its headings (added at the end if missing).
Private Function ResultsSheet(ByVal book As Object) As Object
    Dim report As Object
    Set report = FindSheet(book, CHECK_SHEET)
    If report Is Nothing Then
        Set report = book.Worksheets.Add(, book.Worksheets(book.Worksheets.Count))
        report.Name = CHECK_SHEET
    End If
    report.Cells.Clear
    report.Cells(1, 1).Value = "Careers plan check"
    report.Cells(1, 1).Font.Bold = True
    report.Cells(3, 1).Value = "Go to"
    report.Cells(3, 2).Value = "Problem"
    report.Cells(3, 3).Value = "Action"
    report.Cells(3, 4).Value = "Sheet"
    report.Cells(3, 5).Value = "Cell"
    report.Range("A3:E3").Font.Bold = True
    report.Columns(1).ColumnWidth = 28
    report.Columns(2).ColumnWidth = 50
    report.Columns(3).ColumnWidth = 60
    Set ResultsSheet = report
End Function

' Check every row of one plan sheet, adding a line to the report for each problem.
Private Sub CheckSheet(ByVal ws As Object, ByVal yearStart As Long, ByVal today As Date, _
                       ByVal report As Object, ByRef nextRow As Long)
    Dim headerRow As Long, r As Long, p As Long, col As Long, objective As String
    Dim current As String, hasCurrent As Boolean, where As Object, found As Boolean
    Dim sheetBench As Long
    headerRow = FindHeaderRow(ws)
    col = SheetColumn(ws, headerRow, "objective")
    sheetBench = SheetBenchmark(ws, headerRow)
    hasCurrent = False
    For r = headerRow + 1 To LastUsedRow(ws)
        If Not RowIsEmpty(ws, r) Then
            ' The row's objective: its own, or the one merged or left blank above it.
            objective = ""
            If col > 0 Then objective = CellText(ws.Cells(r, col))
            If hasCurrent And (objective = "" Or objective = current) Then
                objective = current
            Else
                If col > 0 Then Set where = ws.Cells(r, col) Else Set where = ws.Cells(r, 1)
                If objective = "" Then
                    AddFinding report, nextRow, where, "Actions with no objective: careers-xl " & _
                               "filed them under an empty objective.", ""
                End If
                If RowBenchmark(ws, headerRow, r, objective, sheetBench) = 0 Then
                    AddFinding report, nextRow, where, CHECK_NO_BENCHMARK & ".", ""
                End If
            End If
            current = objective
            hasCurrent = True
            found = False
            For p = 1 To PeriodCount(ws, headerRow)
                If PeriodHasDetails(ws, p, r) Then
                    CheckAction ws, headerRow, p, r, yearStart, today, report, nextRow
                    found = True
                End If
            Next p
            If Not found And RowHasNotes(ws, r) Then
                AddFinding report, nextRow, ws.Cells(r, 1), "Row " & r & " has notes but no " & _
                           "action; add an action to keep them.", ""
            End If
            If ws.Rows(r).Hidden Then
                AddFinding report, nextRow, ws.Cells(r, 1), "Row " & r & " is hidden in " & _
                           "Excel; careers-xl read it anyway.", ""
            End If
        End If
    Next r
End Sub

' Check the action in period p of row r.
Private Sub CheckAction(ByVal ws As Object, ByVal headerRow As Long, ByVal p As Long, _
                        ByVal r As Long, ByVal yearStart As Long, ByVal today As Date, _
                        ByVal report As Object, ByRef nextRow As Long)
    Dim action As String, actionCell As Object, col As Long, rag As String, endCell As Object
    Dim hasDue As Boolean, due As Date, shown As String
    Set actionCell = ActionCellOf(ws, headerRow, p, r)
    action = ""
    If RoleColumn(ws, headerRow, p, "action") > 0 Then action = CellText(actionCell)
    If action = "" Then
        AddFinding report, nextRow, actionCell, "This period has details but no action text.", ""
    End If
    rag = ""
    col = RoleColumn(ws, headerRow, p, "rag")
    If col > 0 Then
        ReadRag ws.Cells(r, col)
        rag = RagUsed
        If RagProblem <> "" Then AddFinding report, nextRow, ws.Cells(r, col), RagProblem, action
    End If
    hasDue = False
    col = RoleColumn(ws, headerRow, p, "end_point")
    If col > 0 Then
        Set endCell = ws.Cells(r, col)
        ReadEndCell endCell, yearStart
        hasDue = EndHasDue
        due = EndDue
        shown = EndText
        If VarType(endCell.Value) = vbDate And Left$(shown, 1) = "#" Then shown = DateShown(endCell)
        If EndKind = "unknown" Then
            AddFinding report, nextRow, endCell, "End point '" & shown & "' is not a date " & _
                       "careers-xl understands, so it has no due date.", action
        ElseIf hasDue And yearStart > 0 Then
            If due < DateSerial(yearStart, 9, 1) Or due > DateSerial(yearStart + 1, 8, 31) Then
                AddFinding report, nextRow, endCell, "End point " & shown & " (" & _
                           LongDate(due) & ") is outside the plan's academic year " & _
                           AcademicYearText(yearStart) & ": is it a typo?", action
            End If
        End If
    End If
    If action = "" Then Exit Sub
    col = RoleColumn(ws, headerRow, p, "lead")
    If Not HasItems(ws, r, col, True) Then
        AddFinding report, nextRow, actionCell, CHECK_EMPTY_LEAD & ".", action
    End If
    If hasDue And rag <> RAG_COMPLETE Then
        If due < today Then
            AddFinding report, nextRow, actionCell, CHECK_OVERDUE & " (end point " & _
                       shown & ").", action
        End If
    End If
    If rag = RAG_GREEN Or rag = RAG_COMPLETE Then
        If Not HasItems(ws, r, RoleColumn(ws, headerRow, p, "evidence"), False) Then
            AddFinding report, nextRow, actionCell, _
                       Replace(CHECK_GREEN_NO_EVIDENCE, "{rag}", rag) & ".", action
        End If
    End If
End Sub

' The cell careers-xl names for an action: its Action cell, or the first of its period's cells.
Private Function ActionCellOf(ByVal ws As Object, ByVal headerRow As Long, ByVal p As Long, _
                            ByVal r As Long) As Object
    Dim roles As Variant, i As Long, col As Long, first As Long
    col = RoleColumn(ws, headerRow, p, "action")
    If col = 0 Then
        roles = Split(Mid$(PERIOD_ROLES, 2, Len(PERIOD_ROLES) - 2), "|")
        For i = LBound(roles) To UBound(roles)
            col = RoleColumn(ws, headerRow, p, roles(i))
            If col > 0 And (first = 0 Or col < first) Then first = col
        Next i
        col = first
    End If
    Set ActionCellOf = ws.Cells(r, col)
End Function

' A real date as its number format shows it, when the cell is too narrow to show it.
Private Function DateShown(ByVal cell As Object) As String
    On Error Resume Next
    DateShown = Application.WorksheetFunction.Text(cell.Value, cell.NumberFormat)
    If Err.Number <> 0 Then DateShown = CStr(cell.Value)
    On Error GoTo 0
End Function

' True if column col of row r lists something: leads or, for evidence, lines of evidence.
Private Function HasItems(ByVal ws As Object, ByVal r As Long, ByVal col As Long, _
                          ByVal leads As Boolean) As Boolean
    HasItems = False
    If col = 0 Then Exit Function
    If leads Then
        HasItems = (LeadList(CellText(ws.Cells(r, col))) <> "")
    Else
        HasItems = (EvidenceLines(CellText(ws.Cells(r, col))) <> "")
    End If
End Function

' One line of the report: a clickable link to the cell (if there is one), the problem and
' the action.
Private Sub AddFinding(ByVal report As Object, ByRef nextRow As Long, ByVal cell As Object, _
                       ByVal problem As String, ByVal action As String)
    Dim where As String
    If Not cell Is Nothing Then
        where = CellRef(cell.Worksheet.Name, cell.Address(False, False))
        report.Cells(nextRow, 1).Formula = "=HYPERLINK(""#" & Replace(where, """", """""") & _
                                           """,""" & Replace(where, """", """""") & """)"
        report.Cells(nextRow, 4).Value = cell.Worksheet.Name
        report.Cells(nextRow, 5).Value = cell.Address(False, False)
    End If
    report.Cells(nextRow, 2).Value = problem
    report.Cells(nextRow, 3).Value = action
    nextRow = nextRow + 1
End Sub
